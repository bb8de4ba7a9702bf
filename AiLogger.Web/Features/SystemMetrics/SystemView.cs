using AiLogger.Domain.SystemMetrics;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.SystemMetrics;

/// <summary>What <c>/system</c> shows, kept in its URL: <c>?host=…&amp;range=6h</c>.</summary>
public sealed record SystemView
{
    public const string Path = Routes.SystemPage;
    public const string DefaultRange = "1h";
    public static readonly IReadOnlyList<string> Ranges = ["15m", "1h", "6h", "24h", "7d", "30d"];

    public string Range { get; init; } = DefaultRange;

    /// <summary>Empty: the host AI-Logger runs on (or the most recent one).</summary>
    public string Host { get; init; } = string.Empty;

    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now) => (now - Length(Range), now);

    public static TimeSpan Length(string range) => range switch
    {
        "15m" => TimeSpan.FromMinutes(15),
        "6h" => TimeSpan.FromHours(6),
        "24h" => TimeSpan.FromHours(24),
        "7d" => TimeSpan.FromDays(7),
        "30d" => TimeSpan.FromDays(30),
        _ => TimeSpan.FromHours(1),
    };

    public static SystemView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string Get(string name) => query.TryGetValue(name, out var v) ? v.ToString().Trim() : string.Empty;
        var range = Get("range");
        return new SystemView { Range = Ranges.Contains(range) ? range : DefaultRange, Host = Get("host") };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (Host.Length > 0) parameters["host"] = Host;
        if (Range != DefaultRange) parameters["range"] = Range;
        return QueryHelpers.AddQueryString(Path, parameters);
    }
}

/// <summary>What <c>/system/metrics</c> shows, kept in its URL.</summary>
public sealed record MetricsView
{
    public const string Path = Routes.MetricsPage;

    public string Name { get; init; } = string.Empty;

    public string Range { get; init; } = SystemView.DefaultRange;

    /// <summary>Empty: the metric kind's default aggregation.</summary>
    public string Aggregation { get; init; } = string.Empty;

    public string GroupBy { get; init; } = string.Empty;

    public string Service { get; init; } = string.Empty;

    public string Host { get; init; } = string.Empty;

    /// <summary><c>heatmap</c>: a histogram's buckets over time instead of its lines.</summary>
    public string Chart { get; init; } = string.Empty;

    public const string HeatmapChart = "heatmap";

    public bool Heatmap => Chart == HeatmapChart;

    /// <summary>The meter (instrumentation scope) chosen in the tree; empty: every meter.</summary>
    public string Meter { get; init; } = string.Empty;

    /// <summary><c>key=value</c> pairs separated by commas.</summary>
    public string Filter { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string> Filters =>
        Filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Length > 0)
            .GroupBy(p => p[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

    /// <summary>The series this view charts; <c>key=a|b</c> in the filter takes either value.</summary>
    public MetricSelector Selector() =>
        MetricSelector.Of(Name, Filters, Service.Length == 0 ? null : Service, Host.Length == 0 ? null : Host, Meter.Length == 0 ? null : Meter);

    /// <summary>The values of <paramref name="key"/> the filter lets through, or null when it does not filter on it.</summary>
    public IReadOnlyList<string>? Chosen(string key) => Filters.TryGetValue(key, out var value) ? value.Split('|') : null;

    /// <summary>This view with only <paramref name="chosen"/> of <paramref name="key"/>'s values (all of them: no filter on it).</summary>
    public MetricsView Choose(string key, IReadOnlyCollection<string> chosen, IReadOnlyCollection<string> all)
    {
        var filters = Filters.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        if (chosen.Count == all.Count) filters.Remove(key);
        else filters[key] = string.Join('|', all.Where(chosen.Contains));
        return this with { Filter = string.Join(", ", filters.Select(f => $"{f.Key}={f.Value}")) };
    }

    public static MetricsView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string Get(string name) => query.TryGetValue(name, out var v) ? v.ToString().Trim() : string.Empty;
        var range = Get("range");
        return new MetricsView
        {
            Name = Get("name"),
            Range = SystemView.Ranges.Contains(range) ? range : SystemView.DefaultRange,
            Aggregation = Get("agg"),
            GroupBy = Get("groupBy"),
            Service = Get("service"),
            Host = Get("host"),
            Meter = Get("meter"),
            Chart = Get("chart") == HeatmapChart ? HeatmapChart : string.Empty,
            Filter = Get("filter"),
        };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (Name.Length > 0) parameters["name"] = Name;
        if (Range != SystemView.DefaultRange) parameters["range"] = Range;
        if (Aggregation.Length > 0) parameters["agg"] = Aggregation;
        if (GroupBy.Length > 0) parameters["groupBy"] = GroupBy;
        if (Service.Length > 0) parameters["service"] = Service;
        if (Host.Length > 0) parameters["host"] = Host;
        if (Meter.Length > 0) parameters["meter"] = Meter;
        if (Chart.Length > 0) parameters["chart"] = Chart;
        if (Filter.Length > 0) parameters["filter"] = Filter;
        return QueryHelpers.AddQueryString(Path, parameters);
    }
}
