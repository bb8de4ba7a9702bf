namespace AiLogger.Domain.SystemMetrics;

/// <summary>A recorded measurement attached to a point, with the trace it was taken in (lower-case hex ids, or null).</summary>
public sealed record MetricExemplar
{
    public long TimeUnixNano { get; init; }

    public double Value { get; init; }

    public string? TraceId { get; init; }

    public string? SpanId { get; init; }

    /// <summary>The filtered attributes as a JSON object; null when there are none.</summary>
    public string? AttributesJson { get; init; }
}
