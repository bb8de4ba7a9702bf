namespace AiLogger.Domain.SystemMetrics;

/// <summary>OTLP's <c>AggregationTemporality</c>, with its numbers.</summary>
public enum AggregationTemporality
{
    Unspecified = 0,
    /// <summary>Each point holds what happened since the previous point.</summary>
    Delta = 1,
    /// <summary>Each point holds everything since <see cref="MetricPoint.StartUnixNano"/>.</summary>
    Cumulative = 2,
}
