using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Ingest.MessageTemplates;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Logs;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Logs;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// OTLP log records into <see cref="LogEvent"/>s: body → message, severity → level, attributes (and the resource's)
/// → properties, <c>service.name</c> → source, <c>{OriginalFormat}</c> → template, <c>exception.*</c> → exception.
/// </summary>
public sealed class OtlpLogReader(EventReaderSettings settings, TimeProvider time)
{
    private const string OriginalFormat = "{OriginalFormat}";
    // What Serilog's OpenTelemetry sink sends the template as.
    private const string SerilogTemplate = "message_template.text";

    public List<LogEvent> Read(ExportLogsServiceRequest request)
    {
        var events = new List<LogEvent>();
        using var attributes = new OtlpAttributes();
        var now = time.GetUtcNow();
        for (var r = 0; r < request.ResourceLogs.Count; r++)
        {
            var resourceLogs = request.ResourceLogs[r];
            var resource = resourceLogs.Resource?.Attributes;
            var service = resource is null ? null : OtlpAttributes.GetString(resource, "service.name");
            for (var s = 0; s < resourceLogs.ScopeLogs.Count; s++)
            {
                var scopeLogs = resourceLogs.ScopeLogs[s];
                var scope = scopeLogs.Scope?.Name is { Length: > 0 } name ? name : null;
                for (var i = 0; i < scopeLogs.LogRecords.Count; i++)
                {
                    var where = $"resourceLogs[{r}].scopeLogs[{s}].logRecords[{i}]";
                    events.Add(ToEvent(scopeLogs.LogRecords[i], resource, service ?? scope, attributes, now, where));
                }
            }
        }
        return events;
    }

    private LogEvent ToEvent(LogRecord record, Google.Protobuf.Collections.RepeatedField<KeyValue>? resource, string? source,
        OtlpAttributes attributes, DateTimeOffset now, string where)
    {
        var nanos = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        var timestamp = nanos == 0 ? now : SpanTime.FromUnixNano(OtlpTraceReader.Nanos(nanos));
        var level = LogLevels.TryFromOtlpSeverity((int)record.SeverityNumber, out var fromNumber) ? fromNumber.Value
            : LogLevels.TryParse(record.SeverityText, out var fromText) ? fromText : LogLevel.Information;

        var template = OtlpAttributes.GetString(record.Attributes, OriginalFormat) ?? OtlpAttributes.GetString(record.Attributes, SerilogTemplate);
        var properties = Properties(record, resource, attributes);
        var body = record.Body switch
        {
            null => null,
            { ValueCase: AnyValue.ValueOneofCase.StringValue } b => b.StringValue,
            { ValueCase: AnyValue.ValueOneofCase.None } => null,
            var b => attributes.ValueToJson(b),
        };
        // Microsoft.Extensions.Logging's provider sends the template itself as the body, with its values as attributes.
        if (template is null && body is not null && body.Contains('{') && IsTemplateOf(body, record.Attributes)) template = body;
        var message = body;
        // The .NET SDK sends the template as the body unless told to format it: render it then.
        if (template is not null && (body is null || body == template))
            message = Render(template, properties);
        message ??= record.EventName is { Length: > 0 } eventName ? eventName : string.Empty;

        var e = new LogEvent
        {
            Timestamp = timestamp,
            Level = level,
            Message = message,
            MessageTemplate = template,
            Source = source,
            Exception = ExceptionText(record.Attributes),
            TraceId = OtlpTraceReader.Id(record.TraceId, 16, where, "traceId"),
            SpanId = OtlpTraceReader.Id(record.SpanId, 8, where, "spanId"),
            EventType = record.EventName is { Length: > 0 } type ? type : null,
            PropertiesJson = properties,
        };
        if (System.Text.Encoding.UTF8.GetMaxByteCount(e.Message.Length + (properties?.Length ?? 0) + (e.Exception?.Length ?? 0)) > settings.MaxEventBytes
            && System.Text.Encoding.UTF8.GetByteCount(e.Message) + System.Text.Encoding.UTF8.GetByteCount(properties ?? "") + System.Text.Encoding.UTF8.GetByteCount(e.Exception ?? "") > settings.MaxEventBytes)
            throw new IngestFormatException($"{where} is larger than {settings.MaxEventBytes:N0} bytes (AiLogger:Ingest:MaxEventBytes). Nothing of the request was stored.");
        return e;
    }

    /// <summary>The record's attributes, then the resource's (the record's win); the template and exception keys are fields of their own.</summary>
    private static string? Properties(LogRecord record, Google.Protobuf.Collections.RepeatedField<KeyValue>? resource, OtlpAttributes attributes)
    {
        if (resource is null || resource.Count == 0)
            return attributes.ToJson(record.Attributes, IsOwnField);
        var merged = new Google.Protobuf.Collections.RepeatedField<KeyValue>();
        merged.AddRange(record.Attributes);
        merged.AddRange(resource);
        return attributes.ToJson(merged, IsOwnField);
    }

    private static bool IsOwnField(string key) => key is OriginalFormat or SerilogTemplate or "message_template.hash.md5" or "exception.type" or "exception.message" or "exception.stacktrace";

    private static string? ExceptionText(Google.Protobuf.Collections.RepeatedField<KeyValue> attributes)
    {
        var stack = OtlpAttributes.GetString(attributes, "exception.stacktrace");
        var type = OtlpAttributes.GetString(attributes, "exception.type");
        var message = OtlpAttributes.GetString(attributes, "exception.message");
        if (stack is { Length: > 0 })
            return type is not null && !stack.StartsWith(type, StringComparison.Ordinal) ? $"{type}: {message}\n{stack}" : stack;
        if (type is null && message is null) return null;
        return message is null ? type : type is null ? message : $"{type}: {message}";
    }

    /// <summary>True when the text has placeholders and every one names an attribute of the record.</summary>
    private static bool IsTemplateOf(string text, Google.Protobuf.Collections.RepeatedField<KeyValue> attributes)
    {
        var properties = MessageTemplate.Parse(text).Tokens.Where(t => t.IsProperty).ToList();
        return properties.Count > 0 && properties.All(p => attributes.Any(a => a.Key == p.PropertyName));
    }

    /// <summary>
    /// The template with each hole replaced by its value as Microsoft.Extensions.Logging formats it: strings as they
    /// are (not quoted, as Serilog would), other values as their JSON text.
    /// </summary>
    private static string Render(string template, string? properties)
    {
        using var document = JsonDocument.Parse(properties ?? "{}");
        var builder = new System.Text.StringBuilder(template.Length + 32);
        foreach (var token in MessageTemplate.Parse(template).Tokens)
        {
            if (!token.IsProperty) builder.Append(token.Text);
            else if (document.RootElement.TryGetProperty(token.PropertyName!, out var value))
                builder.Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            else builder.Append(token.RawText);
        }
        return builder.ToString();
    }
}
