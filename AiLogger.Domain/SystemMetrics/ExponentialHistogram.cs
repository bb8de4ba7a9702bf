namespace AiLogger.Domain.SystemMetrics;

/// <summary>An exponential histogram's buckets (OTLP <c>ExponentialHistogramDataPoint</c>); count, sum, min and max are on the point.</summary>
public sealed record ExponentialHistogram
{
    /// <summary>OTLP allows −10 to 20.</summary>
    public int Scale { get; init; }

    public long ZeroCount { get; init; }

    /// <summary>Values with an absolute value up to this count as zero (0 when the sender did not say).</summary>
    public double ZeroThreshold { get; init; }

    public ExponentialBuckets Positive { get; init; } = ExponentialBuckets.Empty;

    public ExponentialBuckets Negative { get; init; } = ExponentialBuckets.Empty;
}
