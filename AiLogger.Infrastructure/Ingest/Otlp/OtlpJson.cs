using System.Buffers;
using System.Text.Json;
using AiLogger.Domain.Ingest;
using Google.Protobuf;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// The OTLP JSON encoding into the same messages as protobuf. It is protobuf's JSON mapping but for trace and span
/// ids, which are hex rather than base64: a first pass (bounded in depth) turns them into base64 and remembers
/// where each value sits, so errors name the field; protobuf's own parser then reads the rest, accepting camelCase
/// and snake_case keys, integer enums and int64 as strings, and ignoring unknown fields as the specification asks.
/// </summary>
public static class OtlpJson
{
    public const int MaxDepth = 64;
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(MaxDepth + 8));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static T Parse<T>(ReadOnlySpan<byte> utf8, MessageParser<T> parser) where T : IMessage<T>, new()
    {
        if (utf8.IsEmpty) return parser.ParseFrom(ReadOnlySpan<byte>.Empty);
        var rewritten = RewriteIds(utf8);
        try
        {
            return Parser.Parse<T>(rewritten);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new IngestFormatException($"The body is not valid OTLP JSON: {error.Message}");
        }
        catch (InvalidJsonException error)
        {
            throw new IngestFormatException($"The body is not valid OTLP JSON: {error.Message}");
        }
        catch (FormatException error)
        {
            throw new IngestFormatException($"The body is not valid OTLP JSON: {error.Message}");
        }
    }

    /// <summary>The message as OTLP JSON (hex ids), e.g. the answer to a JSON request.</summary>
    public static string Format(IMessage message) => Formatter.Format(message);

    private static bool IsIdField(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("traceId"u8) || name.SequenceEqual("trace_id"u8) || name.SequenceEqual("spanId"u8)
        || name.SequenceEqual("span_id"u8) || name.SequenceEqual("parentSpanId"u8) || name.SequenceEqual("parent_span_id"u8);

    private static string RewriteIds(ReadOnlySpan<byte> utf8)
    {
        var output = new ArrayBufferWriter<byte>(utf8.Length + 64);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var path = new List<Frame>();
        string? name = null;
        var idField = false;
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            try
            {
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            var index = NextIndex(path);
                            path.Add(new Frame(path.Count > 0 && !path[^1].IsArray ? name : null, index, reader.TokenType == JsonTokenType.StartArray));
                            if (reader.TokenType == JsonTokenType.StartObject) writer.WriteStartObject();
                            else writer.WriteStartArray();
                            break;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            path.RemoveAt(path.Count - 1);
                            if (reader.TokenType == JsonTokenType.EndObject) writer.WriteEndObject();
                            else writer.WriteEndArray();
                            break;
                        case JsonTokenType.PropertyName:
                            idField = IsIdField(reader.ValueSpan);
                            name = reader.GetString();
                            writer.WritePropertyName(name!);
                            continue;
                        case JsonTokenType.String when idField && path.Count > 0 && !path[^1].IsArray:
                            writer.WriteStringValue(HexToBase64(reader.GetString()!, Describe(path, name)));
                            break;
                        case JsonTokenType.String:
                            NextIndex(path);
                            writer.WriteStringValue(reader.GetString());
                            break;
                        case JsonTokenType.Number:
                            NextIndex(path);
                            writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            break;
                        case JsonTokenType.True or JsonTokenType.False:
                            NextIndex(path);
                            writer.WriteBooleanValue(reader.GetBoolean());
                            break;
                        case JsonTokenType.Null:
                            NextIndex(path);
                            writer.WriteNullValue();
                            break;
                    }
                    idField = false;
                }
            }
            catch (JsonException error)
            {
                throw new IngestFormatException($"The body is not valid JSON: {Formats.JsonEventFields.Explain(error)}.");
            }
        }
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The index of the next value when the innermost container is an array, else -1.</summary>
    private static int NextIndex(List<Frame> path) => path.Count > 0 && path[^1].IsArray ? path[^1].Count++ : -1;

    private static string Describe(List<Frame> path, string? field)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var frame in path)
        {
            if (frame.Key is not null) builder.Append(builder.Length == 0 ? "" : ".").Append(frame.Key);
            if (frame.Index >= 0) builder.Append('[').Append(frame.Index).Append(']');
        }
        if (field is not null) builder.Append(builder.Length == 0 ? "" : ".").Append(field);
        return builder.ToString();
    }

    private sealed class Frame(string? key, int index, bool isArray)
    {
        public string? Key { get; } = key;

        public int Index { get; } = index;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }

    private static string HexToBase64(string hex, string where)
    {
        if (hex.Length == 0) return "";
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
            throw new IngestFormatException($"{where} is '{(hex.Length > 40 ? hex[..40] + "…" : hex)}'; OTLP JSON ids are hex ({(where.EndsWith("raceId", StringComparison.Ordinal) || where.EndsWith("race_id", StringComparison.Ordinal) ? 32 : 16)} hex characters). Nothing of the request was stored.");
        return Convert.ToBase64String(Convert.FromHexString(hex));
    }
}
