using System.Runtime.InteropServices;
using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>
/// Plain JSON records: the native shape (<c>message, level, timestamp, component, details, tags, type,
/// trace_id…</c>) and structlog/OpenTelemetry-style records (<c>event, ts, logger…</c>). Recognised fields
/// become the event's fields; the members of <c>details</c> and every other field become properties.
/// </summary>
public sealed class JsonRecordReader(EventReaderSettings settings, TimeProvider time)
{
    private static readonly string[] MessageNames = ["message", "event", "msg"];
    private static readonly string[] TimestampNames = ["timestamp", "ts", "time", "@t"];
    private static readonly string[] LevelNames = ["level", "severity", "levelname"];
    private static readonly string[] SourceNames = ["component", "source", "logger", "service"];
    private static readonly string[] TemplateNames = ["messageTemplate", "message_template"];
    private static readonly string[] ExceptionNames = ["exception", "exc_info", "exc_text"];
    private static readonly string[] TypeNames = ["type", "event_type", "eventType"];
    private static readonly string[] TraceNames = ["trace_id", "traceId"];
    private static readonly string[] SpanNames = ["span_id", "spanId"];
    private static readonly string[] ParentNames = ["parent_span_id", "parentSpanId"];

    /// <param name="root">One record, or an array of them.</param>
    /// <param name="arrayRequired">For <c>/api/ingest</c>, whose body is always an array.</param>
    public List<LogEvent> Read(JsonElement root, bool arrayRequired)
    {
        using var properties = new PropertiesWriter();
        var now = time.GetUtcNow();
        switch (root.ValueKind)
        {
            case JsonValueKind.Object when !arrayRequired:
                return [ReadRecord(root, 0, properties, now)];
            case JsonValueKind.Array:
                var events = new List<LogEvent>(root.GetArrayLength());
                var index = 0;
                foreach (var item in root.EnumerateArray()) events.Add(ReadRecord(item, index++, properties, now));
                return events;
            default:
                throw new IngestFormatException(arrayRequired
                    ? $"Expected a JSON array of records, found {JsonEventFields.Describe(root.ValueKind)}."
                    : $"Expected a JSON object or an array of objects, found {JsonEventFields.Describe(root.ValueKind)}.");
        }
    }

    /// <param name="naiveZone">Zone of timestamps written without an offset (file imports); UTC when null.</param>
    internal LogEvent ReadRecord(JsonElement item, int index, PropertiesWriter properties, DateTimeOffset now, TimeZoneInfo? naiveZone = null)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw IngestFormatException.AtIndex(index, $"expected a JSON object, found {JsonEventFields.Describe(item.ValueKind)}");
        if (JsonMarshal.GetRawUtf8Value(item).Length > settings.MaxEventBytes)
            throw new PayloadTooLargeException($"Event [{index}]: the event is larger than the limit of {settings.MaxEventBytes:N0} bytes.");

        var used = new HashSet<string>(StringComparer.Ordinal);

        var messageField = Find(item, MessageNames, used);
        if (messageField is not { } message)
            throw IngestFormatException.AtIndex(index, "'message' is required");
        if (message.Value.ValueKind != JsonValueKind.String)
            throw IngestFormatException.AtIndex(index, $"'{message.Name}' must be a string, not {JsonEventFields.Describe(message.Value.ValueKind)}");

        var timestamp = now;
        if (Find(item, TimestampNames, used) is { } ts && ts.Value.ValueKind != JsonValueKind.Null
            && !JsonEventFields.TryReadTimestamp(ts.Value, naiveZone, out timestamp))
            throw IngestFormatException.AtIndex(index, $"'{ts.Name}' must be an ISO 8601 timestamp or a Unix time, not {ts.Value.GetRawText()}");

        var level = LogLevel.Information;
        if (Find(item, LevelNames, used) is { } lv && lv.Value.ValueKind != JsonValueKind.Null
            && !JsonEventFields.TryReadLevel(lv.Value, out level))
            throw IngestFormatException.AtIndex(index, $"'{lv.Name}' {lv.Value.GetRawText()} is not a level; use one of {LogLevels.AcceptedNames}");

        var source = String(item, SourceNames, used, index);
        var template = String(item, TemplateNames, used, index);
        var exception = String(item, ExceptionNames, used, index);
        var eventType = String(item, TypeNames, used, index);
        var traceId = JsonEventFields.NormalizeId(String(item, TraceNames, used, index));
        var spanId = JsonEventFields.NormalizeId(String(item, SpanNames, used, index));
        var parentSpanId = JsonEventFields.NormalizeId(String(item, ParentNames, used, index));
        var tags = Tags(item, used, index);

        properties.Begin();
        if (item.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
        {
            used.Add("details");
            foreach (var member in details.EnumerateObject()) properties.Add(member.Name, member.Value);
        }
        foreach (var member in item.EnumerateObject())
            if (!used.Contains(member.Name)) properties.Add(member.Name, member.Value);

        source ??= JsonEventFields.FindSource(item, settings.SourcePropertiesUtf8)
                   ?? (details.ValueKind == JsonValueKind.Object ? JsonEventFields.FindSource(details, settings.SourcePropertiesUtf8) : null);

        return new LogEvent
        {
            Timestamp = timestamp,
            Level = level,
            Message = message.Value.GetString()!,
            MessageTemplate = template,
            Source = source,
            Exception = exception,
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            EventType = eventType,
            PropertiesJson = properties.End(),
            Tags = tags,
        };
    }

    private static (string Name, JsonElement Value)? Find(JsonElement item, string[] names, HashSet<string> used)
    {
        foreach (var name in names)
        {
            if (!item.TryGetProperty(name, out var value)) continue;
            used.Add(name);
            return (name, value);
        }
        return null;
    }

    private static string? String(JsonElement item, string[] names, HashSet<string> used, int index)
    {
        if (Find(item, names, used) is not { } field) return null;
        return field.Value.ValueKind switch
        {
            JsonValueKind.String => field.Value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Null => null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => field.Value.GetRawText(),
            _ => throw IngestFormatException.AtIndex(index, $"'{field.Name}' must be a string, not {JsonEventFields.Describe(field.Value.ValueKind)}"),
        };
    }

    private static IReadOnlyList<string> Tags(JsonElement item, HashSet<string> used, int index)
    {
        if (!item.TryGetProperty("tags", out var tags)) return [];
        used.Add("tags");
        switch (tags.ValueKind)
        {
            case JsonValueKind.Null:
                return [];
            case JsonValueKind.String:
                return tags.GetString() is { Length: > 0 } single ? [single] : [];
            case JsonValueKind.Array:
                var list = new List<string>(tags.GetArrayLength());
                var i = 0;
                foreach (var tag in tags.EnumerateArray())
                {
                    if (tag.ValueKind != JsonValueKind.String)
                        throw IngestFormatException.AtIndex(index, $"'tags[{i}]' must be a string, not {JsonEventFields.Describe(tag.ValueKind)}");
                    if (tag.GetString() is { Length: > 0 } value && !list.Contains(value)) list.Add(value);
                    i++;
                }
                return list;
            default:
                throw IngestFormatException.AtIndex(index, $"'tags' must be an array of strings, not {JsonEventFields.Describe(tags.ValueKind)}");
        }
    }
}
