namespace AiLogger.Domain.SystemMetrics;

/// <summary>How a series rolls up: which fields of <see cref="MetricRollup"/> it fills.</summary>
public enum MetricRollupKind
{
    /// <summary>Gauges and non-monotonic sums: min, max, sum and count (for the average), last.</summary>
    Value = 1,
    /// <summary>Monotonic sums: the increase.</summary>
    Counter = 2,
    /// <summary>Explicit-bucket histograms: count, sum, min, max, bucket counts.</summary>
    Histogram = 3,
    ExponentialHistogram = 4,
}
