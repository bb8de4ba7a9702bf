using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// Stored spans back as an OTLP JSON <c>ExportTraceServiceRequest</c> (hex ids, int64 as strings, integer enums), so
/// a trace can be replayed into another tool. Attribute values come back from their JSON form: whole numbers as
/// <c>intValue</c>, other numbers as <c>doubleValue</c>, objects as <c>kvlistValue</c>.
/// </summary>
public static class OtlpJsonExport
{
    public static byte[] Write(IReadOnlyList<Span> spans)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var w = new Utf8JsonWriter(buffer, EventReaderSettings.WriterOptions);
        w.WriteStartObject();
        w.WriteStartArray("resourceSpans");
        foreach (var resource in spans.GroupBy(s => (s.ResourceJson, s.Service)))
        {
            w.WriteStartObject();
            w.WriteStartObject("resource");
            w.WritePropertyName("attributes");
            var resourceJson = resource.Key.ResourceJson ?? (resource.Key.Service is { } service ? JsonSerializer.Serialize(new Dictionary<string, string> { ["service.name"] = service }) : null);
            WriteAttributes(w, resourceJson);
            w.WriteEndObject();
            w.WriteStartArray("scopeSpans");
            foreach (var scope in resource.GroupBy(s => s.Scope))
            {
                w.WriteStartObject();
                if (scope.Key is not null)
                {
                    w.WriteStartObject("scope");
                    w.WriteString("name", scope.Key);
                    w.WriteEndObject();
                }
                w.WriteStartArray("spans");
                foreach (var span in scope) WriteSpan(w, span);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSpan(Utf8JsonWriter w, Span span)
    {
        w.WriteStartObject();
        w.WriteString("traceId", span.TraceId);
        w.WriteString("spanId", span.SpanId);
        if (span.ParentSpanId is not null) w.WriteString("parentSpanId", span.ParentSpanId);
        w.WriteString("name", span.Name);
        w.WriteNumber("kind", (int)span.Kind);
        w.WriteString("startTimeUnixNano", span.StartUnixNano.ToString(CultureInfo.InvariantCulture));
        w.WriteString("endTimeUnixNano", span.EndUnixNano.ToString(CultureInfo.InvariantCulture));
        w.WritePropertyName("attributes");
        WriteAttributes(w, span.AttributesJson);
        if (span.EventsJson is not null)
        {
            using var events = JsonDocument.Parse(span.EventsJson);
            w.WriteStartArray("events");
            foreach (var e in events.RootElement.EnumerateArray())
            {
                w.WriteStartObject();
                if (e.TryGetProperty("timeUnixNano", out var time)) w.WriteString("timeUnixNano", time.GetRawText());
                if (e.TryGetProperty("name", out var name)) w.WriteString("name", name.GetString());
                w.WritePropertyName("attributes");
                WriteAttributes(w, e.TryGetProperty("attributes", out var a) ? a : default);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (span.LinksJson is not null)
        {
            using var links = JsonDocument.Parse(span.LinksJson);
            w.WriteStartArray("links");
            foreach (var l in links.RootElement.EnumerateArray())
            {
                w.WriteStartObject();
                foreach (var field in new[] { "traceId", "spanId", "traceState" })
                    if (l.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String) w.WriteString(field, v.GetString());
                w.WritePropertyName("attributes");
                WriteAttributes(w, l.TryGetProperty("attributes", out var a) ? a : default);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("status");
        w.WriteNumber("code", (int)span.Status);
        if (span.StatusMessage is not null) w.WriteString("message", span.StatusMessage);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter w, string? json)
    {
        if (json is null)
        {
            w.WriteStartArray();
            w.WriteEndArray();
            return;
        }
        using var document = JsonDocument.Parse(json);
        WriteAttributes(w, document.RootElement);
    }

    private static void WriteAttributes(Utf8JsonWriter w, JsonElement attributes)
    {
        w.WriteStartArray();
        if (attributes.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in attributes.EnumerateObject())
            {
                w.WriteStartObject();
                w.WriteString("key", member.Name);
                w.WritePropertyName("value");
                WriteValue(w, member.Value);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter w, JsonElement value)
    {
        w.WriteStartObject();
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                w.WriteString("stringValue", value.GetString());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                w.WriteBoolean("boolValue", value.GetBoolean());
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var n):
                w.WriteString("intValue", n.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number:
                w.WriteNumber("doubleValue", value.GetDouble());
                break;
            case JsonValueKind.Array:
                w.WriteStartObject("arrayValue");
                w.WriteStartArray("values");
                foreach (var item in value.EnumerateArray()) WriteValue(w, item);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case JsonValueKind.Object:
                w.WriteStartObject("kvlistValue");
                w.WritePropertyName("values");
                WriteAttributes(w, value);
                w.WriteEndObject();
                break;
        }
        w.WriteEndObject();
    }
}
