namespace AiLogger.Domain.SystemMetrics;

/// <summary>Which series of a metric: by name, optionally narrowed by service, scope, host and attribute values.</summary>
public sealed record MetricSelector
{
    public required string Name { get; init; }

    public string? Service { get; init; }

    public string? Scope { get; init; }

    public string? Host { get; init; }

    /// <summary>Attribute key → value each series must carry.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Attribute key → values, one of which each series must carry (the explorer's checkboxes).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AnyOf { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool Matches(MetricSeries series) =>
        Attributes.All(a => series.Attributes.TryGetValue(a.Key, out var v) && string.Equals(v, a.Value, StringComparison.Ordinal))
        && AnyOf.All(a => series.Attributes.TryGetValue(a.Key, out var v) && a.Value.Contains(v, StringComparer.Ordinal));

    /// <summary>
    /// A selector from <c>key=value</c> filters where <c>key=a|b</c> takes either value (the API's and the explorer's
    /// syntax); <c>service</c>, <c>host</c> and <c>scope</c> stay attributes here, their own parameters narrow by resource.
    /// </summary>
    public static MetricSelector Of(string name, IEnumerable<KeyValuePair<string, string>> filters, string? service = null, string? host = null, string? scope = null)
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var anyOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in filters)
        {
            if (value.Contains('|')) anyOf[key] = value.Split('|').Select(v => v.Trim()).ToList();
            else exact[key] = value;
        }
        return new MetricSelector { Name = name, Service = service, Host = host, Scope = scope, Attributes = exact, AnyOf = anyOf };
    }
}

/// <summary>A chart's request: one metric over a time range, aggregated per step and grouped by attribute keys.</summary>
public sealed record MetricQuery
{
    public required MetricSelector Selector { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Null: chosen from the range (about 120–360 steps).</summary>
    public TimeSpan? Step { get; init; }

    /// <summary>Null: the metric kind's default (gauges avg, counters rate, histograms p95, up-down counters last).</summary>
    public MetricAggregation? Aggregation { get; init; }

    /// <summary>Attribute keys (or <c>service</c>, <c>host</c>) that split the result into one line each.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>
    /// Steps end exactly at <see cref="To"/> instead of on the clock's multiples of the step, and short ranges read raw
    /// points: an alert window is [now − window, now), not the bucket now falls in.
    /// </summary>
    public bool EndsAtTo { get; init; }

    /// <summary>Histograms: also the buckets of every selected series merged per step, as a heat map.</summary>
    public bool Heatmap { get; init; }
}

public sealed record MetricQueryResult
{
    public required MetricInstrument Instrument { get; init; }

    public MetricAggregation Aggregation { get; init; }

    public TimeSpan Step { get; init; }

    /// <summary>What the figures were read from: <c>raw</c>, <c>minute</c> or <c>hour</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The unit of the values: the metric's, or per second for rates.</summary>
    public string? Unit { get; init; }

    public IReadOnlyList<MetricLine> Lines { get; init; } = [];

    /// <summary>When asked for and the metric is a histogram: its buckets per step (all lines together).</summary>
    public MetricHeatmap? Heatmap { get; init; }
}

/// <summary>One line of a chart: the series of one group, aggregated per step (null where no point fell).</summary>
public sealed record MetricLine(IReadOnlyDictionary<string, string> Group, int SeriesCount, IReadOnlyList<MetricValue> Values);

public sealed record MetricValue(DateTimeOffset Time, double? Value);

/// <summary>The metric store's reads (writes go through the ingestion path).</summary>
public interface IMetricStore
{
    /// <summary>Metrics by name, optionally only those of one host or service.</summary>
    Task<IReadOnlyList<MetricInstrument>> ListInstrumentsAsync(string? host, string? service, CancellationToken cancellationToken);

    /// <summary>Hosts that sent metrics, most recent first.</summary>
    Task<IReadOnlyList<(string Host, DateTimeOffset LastSeen)>> ListHostsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<MetricSeries>> ListSeriesAsync(MetricSelector selector, int limit, CancellationToken cancellationToken);

    /// <summary>Null when no series of that name exists.</summary>
    Task<MetricQueryResult?> QueryAsync(MetricQuery query, CancellationToken cancellationToken);

    /// <summary>Raw points of the selected series in [from, to), newest first.</summary>
    Task<IReadOnlyList<(MetricSeries Series, MetricPoint Point)>> ReadPointsAsync(MetricSelector selector, DateTimeOffset from, DateTimeOffset to, int limit,
        CancellationToken cancellationToken);
}
