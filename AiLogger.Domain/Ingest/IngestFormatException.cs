namespace AiLogger.Domain.Ingest;

/// <summary>
/// A request that cannot be ingested as sent (400): the message names the line or index and the field.
/// Nothing of the request is stored.
/// </summary>
public sealed class IngestFormatException(string message) : Exception(message)
{
    public static IngestFormatException AtLine(int line, string reason) => new($"Line {line}: {reason}");

    public static IngestFormatException AtIndex(int index, string reason) => new($"Event [{index}]: {reason}");
}
