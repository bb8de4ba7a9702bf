namespace AiLogger.Domain.Logs.Query;

/// <summary>Built-in fields addressed by name in a query; anything else is a property.</summary>
public enum QueryField
{
    Source,
    Tag,
    EventType,
    TraceId,
    SpanId,
}
