namespace AiLogger.Domain.Logs;

/// <summary>Names of an event's fields in the JSON API (DESIGN §4), in one place.</summary>
public static class LogFields
{
    public const string Id = "id";
    public const string Timestamp = "timestamp";
    public const string Level = "level";
    public const string Message = "message";
    public const string MessageTemplate = "messageTemplate";
    public const string Source = "source";
    public const string Exception = "exception";
    public const string TraceId = "traceId";
    public const string SpanId = "spanId";
    public const string ParentSpanId = "parentSpanId";
    public const string EventType = "eventType";
    public const string Properties = "properties";
    public const string Tags = "tags";
}
