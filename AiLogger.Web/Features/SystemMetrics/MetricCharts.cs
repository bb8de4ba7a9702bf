using System.Globalization;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Web.Components.Charts;
using AiLogger.Web.Components.Layout;

namespace AiLogger.Web.Features.SystemMetrics;

/// <summary>Metric query results as chart series, with values in a unit people read (%, GiB, MiB/s).</summary>
/// <summary>An exemplar of a charted series: a measurement taken in a trace.</summary>
public sealed record MetricExemplarRow(DateTimeOffset Time, double Value, string TraceId, string? SpanId, string Series)
{
    public string TraceUrl => $"{AiLogger.Web.Api.Routes.TracesPage}/{TraceId}" + (SpanId is { Length: > 0 } span ? $"?span={span}" : "");
}

public static class MetricCharts
{
    private static readonly string[] Palette = ["#5b8def", "#f2994a", "#27ae60", "#9b51e0", "#eb5757", "#2d9cdb", "#f2c94c", "#6fcf97", "#bb6bd9", "#828282"];

    /// <summary>How values of <paramref name="unit"/> are shown: a factor and the axis title.</summary>
    public static (double Factor, string Title) Scale(string? unit, double max) => unit switch
    {
        "1" => (100, "%"),
        "By" when max >= 1L << 30 => (1.0 / (1L << 30), "GiB"),
        "By" => (1.0 / (1 << 20), "MiB"),
        "By/s" when max >= 1 << 20 => (1.0 / (1 << 20), "MiB/s"),
        "By/s" => (1.0 / 1024, "KiB/s"),
        null or "" => (1, ""),
        _ => (1, unit),
    };

    public static string Label(IReadOnlyDictionary<string, string> group, string fallback) =>
        group.Count == 0 ? fallback : string.Join(" · ", group.Values.Select(v => v.Length == 0 ? "(none)" : v));

    /// <summary>
    /// One series per line; <paramref name="skip"/> leaves out groups (idle CPU on a stacked chart). Unless
    /// <paramref name="aligned"/> (stacked charts need every step), steps without a point are left out so the line
    /// joins the points around them, as exporters sending every minute leave finer steps empty.
    /// </summary>
    public static (IReadOnlyList<ChartSeries> Series, string Title) Series(MetricQueryResult? result, Func<MetricLine, bool>? skip = null, bool aligned = false)
    {
        if (result is null) return ([], "");
        var lines = result.Lines.Where(l => skip is null || !skip(l)).ToList();
        var max = lines.SelectMany(l => l.Values).Select(v => v.Value ?? 0).DefaultIfEmpty(0).Max();
        var (factor, title) = Scale(result.Unit, max);
        var series = lines.Select((line, i) => new ChartSeries(
            Label(line.Group, result.Instrument.Name),
            line.Values.Where(v => aligned || v.Value is not null).Select(v => ChartPoint.At(v.Time, v.Value is { } y ? Math.Round(y * factor, 3) : null)).ToList(),
            Palette[i % Palette.Length])).ToList();
        return (series, title);
    }

    /// <summary>The latest value of a result (summed over its lines), or null.</summary>
    public static double? Latest(MetricQueryResult? result, Func<MetricLine, bool>? where = null)
    {
        if (result is null) return null;
        double? total = null;
        foreach (var line in result.Lines.Where(l => where is null || where(l)))
            if (line.Values.LastOrDefault(v => v.Value is not null)?.Value is { } value) total = (total ?? 0) + value;
        return total;
    }

    /// <summary>
    /// Chart options for a metric: the whole range on the time axis (a line of few points still sits where it
    /// belongs), straight segments between points (a smoothed curve would invent values), and the value axis from
    /// 0 when nothing is negative (up to 100 for percentages).
    /// </summary>
    public static object Options(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<ChartSeries> series, string unit)
    {
        var yaxis = new Dictionary<string, object>();
        if (series.SelectMany(s => s.Data).All(p => p.Y is null or >= 0)) yaxis["min"] = 0;
        if (unit == "%" && series.SelectMany(s => s.Data).All(p => p.Y is null or <= 100)) yaxis["max"] = 100;
        var options = new Dictionary<string, object>
        {
            ["xaxis"] = new { min = from.ToUnixTimeMilliseconds(), max = to.ToUnixTimeMilliseconds() },
            ["yaxis"] = yaxis,
            ["stroke"] = new { curve = "straight" },
        };
        if (series.Any(s => s.Type == ApexChartType.Scatter))
        {
            // Dots (exemplars) over lines: no stroke and a marker for the dots, a line and no marker for the rest.
            options["stroke"] = new { curve = "straight", width = series.Select(s => s.Type == ApexChartType.Scatter ? 0 : 2).ToArray() };
            options["markers"] = new { size = series.Select(s => s.Type == ApexChartType.Scatter ? 5 : 0).ToArray(), strokeWidth = 0 };
        }
        return options;
    }

    /// <summary>
    /// A heat map's rows as series, the lowest values at the bottom (ApexCharts draws the first series lowest), each
    /// named by its range in the metric's unit; cells are the count of values in the range and step.
    /// </summary>
    public static IReadOnlyList<ChartSeries> Heatmap(MetricHeatmap heatmap, string? unit)
    {
        var max = heatmap.Rows.Select(r => Math.Abs(r.Upper ?? r.Lower ?? 0)).DefaultIfEmpty(0).Max();
        var (factor, title) = Scale(unit, max);
        string Bound(double value) => (value * factor).ToString("G4", CultureInfo.InvariantCulture);
        var suffix = title.Length > 0 ? " " + title : "";
        var series = heatmap.Rows.Select(row => new ChartSeries(
            row switch
            {
                { Lower: null, Upper: { } upper } => $"≤ {Bound(upper)}{suffix}",
                { Lower: { } lower, Upper: null } => $"> {Bound(lower)}{suffix}",
                { Lower: { } lower, Upper: { } upper } => $"{Bound(lower)}–{Bound(upper)}{suffix}",
                _ => "all",
            },
            heatmap.Times.Select((time, i) => ChartPoint.At(time, row.Counts[i])).ToList())).ToList();
        return series;
    }

    /// <summary>The heat map's options; empty cells take the card's colour (shaded, the dark theme would paint them black).</summary>
    public static object HeatmapOptions(DateTimeOffset from, DateTimeOffset to, bool dark) => new
    {
        xaxis = new { min = from.ToUnixTimeMilliseconds(), max = to.ToUnixTimeMilliseconds() },
        plotOptions = new
        {
            heatmap = new
            {
                shadeIntensity = 0.85, radius = 0, enableShades = true, useFillColorAsStroke = true,
                colorScale = new { ranges = new[] { new { from = 0, to = 0, color = dark ? AiLoggerTheme.DarkSurface : AiLoggerTheme.LightSurface, name = "none" } } },
            },
        },
        colors = new[] { "#e4572e" },
        legend = new { show = false },
        yaxis = new { title = new { text = "bucket" } },
    };

    /// <summary>Exemplars as dots at their time and value (in the chart's unit), in the colour of none of the lines.</summary>
    public static ChartSeries Exemplars(IEnumerable<MetricExemplarRow> exemplars, double factor) => new(
        "exemplars (click: trace)",
        exemplars.OrderBy(e => e.Time).Select(e => ChartPoint.At(e.Time, Math.Round(e.Value * factor, 3))).ToList(),
        "#e0457b", ApexChartType.Scatter);

    /// <summary>Exemplars mean something on the value axis of these (a measured duration against p95), not of rates or counts.</summary>
    public static bool ExemplarsOnValueAxis(MetricKind kind, MetricAggregation aggregation) =>
        kind is MetricKind.Histogram or MetricKind.Gauge
        && aggregation is MetricAggregation.P50 or MetricAggregation.P90 or MetricAggregation.P95 or MetricAggregation.P99
            or MetricAggregation.Avg or MetricAggregation.Min or MetricAggregation.Max or MetricAggregation.Last;

    public static string Describe(MetricKind kind) => kind switch
    {
        MetricKind.UpDownCounter => "up-down counter",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";
}
