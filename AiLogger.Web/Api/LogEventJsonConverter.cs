using System.Text.Json;
using System.Text.Json.Serialization;
using AiLogger.Domain.Logs;

namespace AiLogger.Web.Api;

/// <summary>An event in every response (DESIGN §4); properties are written as stored, without re-parsing.</summary>
public sealed class LogEventJsonConverter : JsonConverter<LogEvent>
{
    public override LogEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Events are read by the ingest formats, not by this converter.");

    public override void Write(Utf8JsonWriter writer, LogEvent e, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(LogFields.Id, e.Id);
        writer.WriteString(LogFields.Timestamp, FormatTimestamp(e.Timestamp));
        writer.WriteString(LogFields.Level, e.Level.Name());
        writer.WriteString(LogFields.Message, e.Message);
        writer.WriteString(LogFields.MessageTemplate, e.MessageTemplate);
        writer.WriteString(LogFields.Source, e.Source);
        writer.WriteString(LogFields.Exception, e.Exception);
        writer.WriteString(LogFields.TraceId, e.TraceId);
        writer.WriteString(LogFields.SpanId, e.SpanId);
        writer.WriteString(LogFields.ParentSpanId, e.ParentSpanId);
        writer.WriteString(LogFields.EventType, e.EventType);
        writer.WritePropertyName(LogFields.Properties);
        if (string.IsNullOrEmpty(e.PropertiesJson)) writer.WriteRawValue("{}", skipInputValidation: true);
        else writer.WriteRawValue(e.PropertiesJson, skipInputValidation: true);
        writer.WriteStartArray(LogFields.Tags);
        foreach (var tag in e.Tags) writer.WriteStringValue(tag);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>ISO 8601 in UTC with 100 ns precision and a Z.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
