using System.Text.Json.Serialization;

namespace AiLogger.Domain.SystemMetrics;

/// <summary>One stored series: a metric with one resource service, host, scope and attribute set.</summary>
public sealed record MetricSeries
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public string? Service { get; init; }

    public string? Scope { get; init; }

    public string? Host { get; init; }

    public string? Unit { get; init; }

    public MetricType Type { get; init; }

    public bool Monotonic { get; init; }

    public AggregationTemporality Temporality { get; init; }

    public string? Description { get; init; }

    /// <summary>Attribute values as text (strings as they are, other values as their JSON).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    /// <summary>The series collecting the metric's points past its series cap.</summary>
    public bool Overflow { get; init; }

    public MetricKind Kind => MetricKinds.Of(Type, Monotonic);
}

/// <summary>A metric by name, as the explorer lists it: what it is and how many series it has.</summary>
public sealed record MetricInstrument
{
    public required string Name { get; init; }

    public MetricType Type { get; init; }

    public bool Monotonic { get; init; }

    public string? Unit { get; init; }

    public string? Description { get; init; }

    public int SeriesCount { get; init; }

    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Every (service, meter) that sends it: the explorer's tree of services → meters → instruments.</summary>
    public IReadOnlyList<MetricSource> Sources { get; init; } = [];

    /// <summary>Attribute keys its series carry (for grouping and filtering).</summary>
    public IReadOnlyList<string> AttributeKeys { get; init; } = [];

    public DateTimeOffset LastSeen { get; init; }

    /// <summary>The series cap was reached: some attribute sets were folded into the overflow series.</summary>
    public bool Overflowed { get; init; }

    public MetricKind Kind => MetricKinds.Of(Type, Monotonic);

    public MetricAggregation DefaultAggregation => MetricKinds.DefaultAggregation(Kind);
}

/// <summary>A resource service and an instrumentation scope (the meter) that send a metric; empty strings when not given.</summary>
public sealed record MetricSource(string Service, string Meter);

/// <summary>How a metric is charted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricKind>))]
public enum MetricKind
{
    [JsonStringEnumMemberName("gauge")]
    Gauge,
    [JsonStringEnumMemberName("counter")]
    Counter,
    [JsonStringEnumMemberName("upDownCounter")]
    UpDownCounter,
    [JsonStringEnumMemberName("histogram")]
    Histogram,
    [JsonStringEnumMemberName("summary")]
    Summary,
}

/// <summary>What can be charted of a metric, and how by default.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricAggregation>))]
public enum MetricAggregation
{
    [JsonStringEnumMemberName("avg")]
    Avg,
    [JsonStringEnumMemberName("min")]
    Min,
    [JsonStringEnumMemberName("max")]
    Max,
    [JsonStringEnumMemberName("last")]
    Last,
    [JsonStringEnumMemberName("sum")]
    Sum,
    [JsonStringEnumMemberName("rate")]
    Rate,
    [JsonStringEnumMemberName("increase")]
    Increase,
    [JsonStringEnumMemberName("count")]
    Count,
    [JsonStringEnumMemberName("p50")]
    P50,
    [JsonStringEnumMemberName("p90")]
    P90,
    [JsonStringEnumMemberName("p95")]
    P95,
    [JsonStringEnumMemberName("p99")]
    P99,
}

public static class MetricKinds
{
    public static MetricKind Of(MetricType type, bool monotonic) => type switch
    {
        MetricType.Sum => monotonic ? MetricKind.Counter : MetricKind.UpDownCounter,
        MetricType.Histogram or MetricType.ExponentialHistogram => MetricKind.Histogram,
        MetricType.Summary => MetricKind.Summary,
        _ => MetricKind.Gauge,
    };

    public static MetricAggregation DefaultAggregation(MetricKind kind) => kind switch
    {
        MetricKind.Counter => MetricAggregation.Rate,
        MetricKind.Histogram or MetricKind.Summary => MetricAggregation.P95,
        MetricKind.UpDownCounter => MetricAggregation.Last,
        _ => MetricAggregation.Avg,
    };

    /// <summary>The aggregations that mean something for <paramref name="kind"/>.</summary>
    public static IReadOnlyList<MetricAggregation> Allowed(MetricKind kind) => kind switch
    {
        MetricKind.Counter => [MetricAggregation.Rate, MetricAggregation.Increase],
        MetricKind.Histogram => [MetricAggregation.P50, MetricAggregation.P90, MetricAggregation.P95, MetricAggregation.P99, MetricAggregation.Avg,
            MetricAggregation.Min, MetricAggregation.Max, MetricAggregation.Count, MetricAggregation.Rate, MetricAggregation.Sum],
        MetricKind.Summary => [MetricAggregation.P50, MetricAggregation.P90, MetricAggregation.P95, MetricAggregation.P99, MetricAggregation.Avg, MetricAggregation.Count],
        _ => [MetricAggregation.Avg, MetricAggregation.Min, MetricAggregation.Max, MetricAggregation.Last, MetricAggregation.Sum],
    };

    /// <summary>The lower-case name (<c>p95</c>, <c>rate</c>), as the API and rules spell it.</summary>
    public static string Name(MetricAggregation aggregation) => aggregation.ToString().ToLowerInvariant();

    public static string AcceptedNames { get; } = string.Join(", ", Enum.GetValues<MetricAggregation>().Select(Name));

    /// <summary>An aggregation by its name (any case); numbers are not names.</summary>
    public static bool TryParse(string? text, out MetricAggregation aggregation)
    {
        aggregation = default;
        var name = text?.Trim();
        return !string.IsNullOrEmpty(name) && char.IsLetter(name[0]) && Enum.TryParse(name, ignoreCase: true, out aggregation);
    }

    public static double? Quantile(MetricAggregation aggregation) => aggregation switch
    {
        MetricAggregation.P50 => 0.5,
        MetricAggregation.P90 => 0.9,
        MetricAggregation.P95 => 0.95,
        MetricAggregation.P99 => 0.99,
        _ => null,
    };
}
