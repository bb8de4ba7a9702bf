namespace AiLogger.Infrastructure.SystemMetrics;

// The metric store's tables, owned by EF Core migrations. The writer fills them with raw SQL inside its
// transaction (Persistence/<Provider>/…MetricRows); reads go through EF (MetricStore), the same on both providers.

/// <summary>
/// One series: a metric's name, type and unit with one resource service, scope, host and attribute set. Times in
/// Unix nanoseconds.
/// </summary>
internal sealed class MetricSeriesEntity
{
    public long Id { get; set; }
    /// <summary>SHA-256 (hex) of the identity, so finding a series is one lookup on a short unique key.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string Service { get; set; } = string.Empty;
    public string Scope { get; set; } = string.Empty;
    public string Host { get; set; } = string.Empty;
    public string Unit { get; set; } = string.Empty;
    public int Type { get; set; }
    public bool Monotonic { get; set; }
    public int Temporality { get; set; }
    public string? Description { get; set; }
    /// <summary>The point attributes as a JSON object with ordered keys; "{}" when none.</summary>
    public string Attributes { get; set; } = "{}";
    public string? Resource { get; set; }
    public long FirstSeen { get; set; }
    public long LastSeen { get; set; }
    /// <summary>The series that collects a metric's points past its series cap (<c>otel.metric.overflow</c>).</summary>
    public bool Overflow { get; set; }
}

/// <summary>One stored data point; <see cref="Data"/> holds what the type adds to the value (JSON).</summary>
internal sealed class MetricPointEntity
{
    public long SeriesId { get; set; }
    public long Time { get; set; }
    public long StartTime { get; set; }
    public double? Value { get; set; }
    public string? Data { get; set; }
}

/// <summary>A series' points folded into one minute or hour (<see cref="Domain.SystemMetrics.MetricRollup"/> as JSON).</summary>
internal sealed class MetricRollupEntity
{
    public long SeriesId { get; set; }
    public int Resolution { get; set; }
    public long Bucket { get; set; }
    public required string Data { get; set; }
}
