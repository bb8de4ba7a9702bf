using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Ingest.MessageTemplates;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>
/// Seq's original JSON body, <c>{"Events":[{"Timestamp","Level","MessageTemplate","RenderedMessage","Properties",
/// "Exception","Renderings"}]}</c>, as older Serilog sinks send it.
/// </summary>
public sealed class SeqLegacyReader(EventReaderSettings settings)
{
    public List<LogEvent> Read(JsonElement root)
    {
        if (!root.TryGetProperty("Events", out var array) || array.ValueKind != JsonValueKind.Array)
            throw new IngestFormatException("Expected newline-delimited CLEF, or a JSON object with an \"Events\" array.");
        var events = new List<LogEvent>(array.GetArrayLength());
        using var properties = new PropertiesWriter();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            events.Add(ReadEvent(item, index, properties));
            index++;
        }
        return events;
    }

    private LogEvent ReadEvent(JsonElement item, int index, PropertiesWriter properties)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw IngestFormatException.AtIndex(index, $"expected a JSON object, found {JsonEventFields.Describe(item.ValueKind)}");
        if (System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(item).Length > settings.MaxEventBytes)
            throw new PayloadTooLargeException($"Event [{index}]: the event is larger than the limit of {settings.MaxEventBytes:N0} bytes.");

        if (!item.TryGetProperty("Timestamp", out var ts) || !JsonEventFields.TryReadTimestamp(ts, out var timestamp))
            throw IngestFormatException.AtIndex(index, "'Timestamp' is missing or not an ISO 8601 timestamp");

        var level = LogLevel.Information;
        if (item.TryGetProperty("Level", out var l) && l.ValueKind != JsonValueKind.Null && !JsonEventFields.TryReadLevel(l, out level))
            throw IngestFormatException.AtIndex(index, $"'Level' {l.GetRawText()} is not a level; use one of {LogLevels.AcceptedNames}");

        var template = OptionalString(item, "MessageTemplate", index);
        var rendered = OptionalString(item, "RenderedMessage", index);
        var exception = OptionalString(item, "Exception", index);

        var props = item.TryGetProperty("Properties", out var p) ? p : default;
        if (props.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            throw IngestFormatException.AtIndex(index, $"'Properties' must be an object, not {JsonEventFields.Describe(props.ValueKind)}");

        properties.Begin();
        if (props.ValueKind == JsonValueKind.Object)
            foreach (var member in props.EnumerateObject()) properties.Add(member.Name, member.Value);

        string? message = rendered;
        if (message is null && template is not null)
        {
            var parsed = MessageTemplate.Parse(template);
            message = MessageTemplateRenderer.Render(parsed, props, Renderings(parsed, item));
        }

        return new LogEvent
        {
            Timestamp = timestamp,
            Level = level,
            Message = message ?? string.Empty,
            MessageTemplate = template,
            Source = JsonEventFields.FindSource(props, settings.SourcePropertiesUtf8),
            Exception = exception,
            PropertiesJson = properties.End(),
        };
    }

    /// <summary><c>Renderings</c> is keyed by property and format; the renderer wants one per formatted hole, in order.</summary>
    private static List<string?>? Renderings(MessageTemplate template, JsonElement item)
    {
        if (!item.TryGetProperty("Renderings", out var renderings) || renderings.ValueKind != JsonValueKind.Object) return null;
        var list = new List<string?>();
        foreach (var token in template.Tokens)
        {
            if (token.Format is null) continue;
            string? found = null;
            if (renderings.TryGetProperty(token.PropertyName!, out var candidates) && candidates.ValueKind == JsonValueKind.Array)
                foreach (var candidate in candidates.EnumerateArray())
                    if (candidate.ValueKind == JsonValueKind.Object
                        && candidate.TryGetProperty("Format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == token.Format
                        && candidate.TryGetProperty("Rendering", out var rendering) && rendering.ValueKind == JsonValueKind.String)
                        found = rendering.GetString();
            list.Add(found);
        }
        return list;
    }

    private static string? OptionalString(JsonElement item, string name, int index)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw IngestFormatException.AtIndex(index, $"'{name}' must be a string, not {JsonEventFields.Describe(value.ValueKind)}");
        return value.GetString();
    }
}
