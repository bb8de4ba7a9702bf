using AiLogger.Domain.Ingest;
using Google.Protobuf;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>OTLP's protobuf encoding, with protobuf's own nesting limit (100) and a message that says what broke.</summary>
public static class OtlpProtobuf
{
    public static T Parse<T>(ReadOnlySpan<byte> body, MessageParser<T> parser) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new IngestFormatException($"The body is not a valid OTLP protobuf message ({typeof(T).Name}): {error.Message}");
        }
    }
}
