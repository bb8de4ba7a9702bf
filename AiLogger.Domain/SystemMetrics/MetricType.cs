namespace AiLogger.Domain.SystemMetrics;

/// <summary>The OTLP metric data types (the <c>data</c> oneof of <c>Metric</c>).</summary>
public enum MetricType
{
    Gauge = 1,
    Sum = 2,
    Histogram = 3,
    ExponentialHistogram = 4,
    /// <summary>Stored as its quantiles, count and sum.</summary>
    Summary = 5,
}
