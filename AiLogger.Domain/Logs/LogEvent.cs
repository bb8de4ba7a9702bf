namespace AiLogger.Domain.Logs;

/// <summary>One stored log event (DESIGN §3). Timestamps are UTC.</summary>
public sealed record LogEvent
{
    /// <summary>Ingestion order; assigned by the writer, 0 before commit.</summary>
    public long Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public LogLevel Level { get; init; } = LogLevel.Information;

    /// <summary>The rendered message.</summary>
    public required string Message { get; init; }

    public string? MessageTemplate { get; init; }

    /// <summary>Component, service or logger that wrote the event.</summary>
    public string? Source { get; init; }

    public string? Exception { get; init; }

    public string? TraceId { get; init; }

    public string? SpanId { get; init; }

    public string? ParentSpanId { get; init; }

    public string? EventType { get; init; }

    /// <summary>The event's properties as a JSON object text, or null when it has none.</summary>
    public string? PropertiesJson { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}
