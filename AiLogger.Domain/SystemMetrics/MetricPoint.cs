namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// One received data point with the identity of its series (DESIGN §1 SystemMetrics): resource service + scope +
/// name + unit + type + attribute set. Times are Unix nanoseconds, UTC, as OTLP sends them. Which value fields are
/// set depends on <see cref="Type"/>: <see cref="Value"/> for gauges and sums; count, sum, min, max and buckets for
/// histograms; <see cref="Exponential"/> for exponential histograms; quantiles, count and sum for summaries.
/// </summary>
public sealed record MetricPoint
{
    public required string Name { get; init; }

    public string? Unit { get; init; }

    public string? Description { get; init; }

    public MetricType Type { get; init; }

    /// <summary>Sums and histograms; <see cref="AggregationTemporality.Unspecified"/> for gauges and summaries.</summary>
    public AggregationTemporality Temporality { get; init; }

    /// <summary>A sum that only goes up (a counter); false for up-down counters and every other type.</summary>
    public bool Monotonic { get; init; }

    /// <summary>The resource's <c>service.name</c>.</summary>
    public string? Service { get; init; }

    /// <summary>The resource's <c>host.name</c>: the host picker of <c>/system</c>.</summary>
    public string? Host { get; init; }

    /// <summary>The instrumentation scope's name (the meter).</summary>
    public string? Scope { get; init; }

    /// <summary>The point's attributes as a JSON object with keys in ordinal order (so equal sets have equal text); null when there are none.</summary>
    public string? AttributesJson { get; init; }

    /// <summary>The resource's attributes as a JSON object; null when there are none.</summary>
    public string? ResourceJson { get; init; }

    /// <summary>Start of the cumulative or delta interval; 0 when not sent (gauges).</summary>
    public long StartUnixNano { get; init; }

    public long TimeUnixNano { get; init; }

    /// <summary>Gauge and sum value (OTLP's <c>as_int</c> is stored as a double).</summary>
    public double? Value { get; init; }

    public long? Count { get; init; }

    public double? Sum { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Explicit-bucket histograms: upper bounds, ascending; <see cref="BucketCounts"/> has one more entry (the +Inf bucket).</summary>
    public IReadOnlyList<double>? ExplicitBounds { get; init; }

    public IReadOnlyList<long>? BucketCounts { get; init; }

    public ExponentialHistogram? Exponential { get; init; }

    public IReadOnlyList<SummaryQuantile>? Quantiles { get; init; }

    public IReadOnlyList<MetricExemplar> Exemplars { get; init; } = [];

    /// <summary>OTLP's <c>FLAG_NO_RECORDED_VALUE</c>: the point marks a gap (the series went stale), not a value.</summary>
    public bool NoRecordedValue { get; init; }
}
