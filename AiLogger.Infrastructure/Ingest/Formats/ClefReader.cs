using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Ingest.MessageTemplates;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>
/// Newline-delimited CLEF (Serilog's compact JSON): <c>@t</c> required, <c>@mt</c>/<c>@m</c>, <c>@l</c> (absent =
/// Information), <c>@x</c>, <c>@i</c>, <c>@r</c>, <c>@tr</c>/<c>@sp</c>/<c>@ps</c>; other members are properties,
/// <c>@@name</c> un-escaped to <c>@name</c>.
/// </summary>
public sealed class ClefReader(EventReaderSettings settings)
{
    public List<LogEvent> Read(ReadOnlyMemory<byte> body)
    {
        var events = new List<LogEvent>();
        using var properties = new PropertiesWriter();
        var span = body.Span;
        var start = 0;
        var line = 0;
        while (start < span.Length)
        {
            line++;
            var end = span[start..].IndexOf((byte)'\n');
            var length = end < 0 ? span.Length - start : end;
            var lineMemory = body.Slice(start, length);
            start += length + 1;

            var trimmed = TrimWhitespace(lineMemory);
            if (trimmed.IsEmpty) continue;
            events.Add(ReadLine(trimmed, line, properties));
        }
        return events;
    }

    private LogEvent ReadLine(ReadOnlyMemory<byte> json, int line, PropertiesWriter properties)
    {
        if (json.Length > settings.MaxEventBytes)
            throw new PayloadTooLargeException($"Line {line}: the event is {json.Length:N0} bytes; the limit is {settings.MaxEventBytes:N0} bytes.");
        if (!Utf8.IsValid(json.Span))
            throw IngestFormatException.AtLine(line, "the line is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, settings.DocumentOptions);
        }
        catch (JsonException error)
        {
            throw IngestFormatException.AtLine(line, $"invalid JSON: {JsonEventFields.Explain(error)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw IngestFormatException.AtLine(line, $"expected a JSON object, found {JsonEventFields.Describe(root.ValueKind)}");
            return ReadEvent(root, line, properties);
        }
    }

    internal LogEvent ReadEvent(JsonElement root, int line, PropertiesWriter properties)
    {
        DateTimeOffset? timestamp = null;
        var level = LogLevel.Information;
        string? template = null, message = null, exception = null, eventType = null, traceId = null, spanId = null, parentSpanId = null;
        List<string?>? renderings = null;

        properties.Begin();
        foreach (var member in root.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            if (name.Length == 0 || name[0] != (byte)'@')
            {
                properties.Add(member);
                continue;
            }
            if (name.Length > 1 && name[1] == (byte)'@')
            {
                properties.Add(member.Name[1..], member.Value);
                continue;
            }
            var value = member.Value;
            if (name.SequenceEqual("@t"u8))
            {
                if (!JsonEventFields.TryReadTimestamp(value, out var t) || value.ValueKind != JsonValueKind.String)
                    throw IngestFormatException.AtLine(line, $"'@t' must be an ISO 8601 timestamp, not {Show(value)}");
                timestamp = t;
            }
            else if (name.SequenceEqual("@l"u8))
            {
                if (value.ValueKind != JsonValueKind.Null && !JsonEventFields.TryReadLevel(value, out level))
                    throw IngestFormatException.AtLine(line, $"'@l' {Show(value)} is not a level; use one of {LogLevels.AcceptedNames}");
            }
            else if (name.SequenceEqual("@mt"u8)) template = RequireString(value, "@mt", line);
            else if (name.SequenceEqual("@m"u8)) message = RequireString(value, "@m", line);
            else if (name.SequenceEqual("@x"u8)) exception = RequireString(value, "@x", line);
            else if (name.SequenceEqual("@tr"u8)) traceId = JsonEventFields.NormalizeId(RequireString(value, "@tr", line));
            else if (name.SequenceEqual("@sp"u8)) spanId = JsonEventFields.NormalizeId(RequireString(value, "@sp", line));
            else if (name.SequenceEqual("@ps"u8)) parentSpanId = JsonEventFields.NormalizeId(RequireString(value, "@ps", line));
            else if (name.SequenceEqual("@i"u8))
            {
                eventType = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw IngestFormatException.AtLine(line, $"'@i' must be a string or a number, not {JsonEventFields.Describe(value.ValueKind)}"),
                };
            }
            else if (name.SequenceEqual("@r"u8))
            {
                if (value.ValueKind != JsonValueKind.Array)
                    throw IngestFormatException.AtLine(line, $"'@r' must be an array of strings, not {JsonEventFields.Describe(value.ValueKind)}");
                renderings = new List<string?>(value.GetArrayLength());
                foreach (var rendering in value.EnumerateArray())
                    renderings.Add(rendering.ValueKind == JsonValueKind.String ? rendering.GetString() : null);
            }
            // Other reserved names (@sc, @ra, …) carry nothing AI-Logger stores.
        }

        if (timestamp is null) throw IngestFormatException.AtLine(line, "missing the '@t' timestamp");
        var propertiesJson = properties.End();

        if (message is null && template is not null)
            message = MessageTemplateRenderer.Render(MessageTemplate.Parse(template), root, renderings);

        return new LogEvent
        {
            Timestamp = timestamp.Value,
            Level = level,
            Message = message ?? string.Empty,
            MessageTemplate = template,
            Source = JsonEventFields.FindSource(root, settings.SourcePropertiesUtf8),
            Exception = exception,
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            EventType = eventType,
            PropertiesJson = propertiesJson,
        };
    }

    private static string? RequireString(JsonElement value, string name, int line) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw IngestFormatException.AtLine(line, $"'{name}' must be a string, not {JsonEventFields.Describe(value.ValueKind)}"),
    };

    private static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 60 ? text[..60] + "…" : text;
    }

    private static ReadOnlyMemory<byte> TrimWhitespace(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        int start = 0, end = span.Length;
        while (start < end && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r') start++;
        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r') end--;
        return line[start..end];
    }
}
