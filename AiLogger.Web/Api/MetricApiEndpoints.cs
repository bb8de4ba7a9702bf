using System.Globalization;
using System.Text;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Web.Security;
using Microsoft.Extensions.Primitives;

namespace AiLogger.Web.Api;

/// <summary>
/// The read API over stored metrics (DESIGN §4): metrics by name, hosts, series, charts (aggregated per step,
/// grouped by attributes) and raw points. Writes arrive over OTLP (<c>/v1/metrics</c>) and from the host sampler.
/// </summary>
public static class MetricApiEndpoints
{
    public static IEndpointRouteBuilder MapMetricApiEndpoints(this IEndpointRouteBuilder app)
    {
        var metrics = app.MapGroup(Routes.MetricsApi).RequireAuthorization(Policies.ApiRead).WithTags("Metrics");
        metrics.MapGet("/instruments", async (IMetricStore store, CancellationToken ct, string? host = null, string? service = null) =>
            TypedResults.Ok(await store.ListInstrumentsAsync(host, service, ct)));
        metrics.MapGet("/hosts", async (IMetricStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListHostsAsync(ct)).Select(h => new MetricHost(h.Host, h.LastSeen))));
        metrics.MapGet("/series", SeriesAsync);
        metrics.MapGet("/query", QueryAsync).Produces<MetricQueryResult>();
        metrics.MapGet("/points", PointsAsync);
        return app;
    }

    public sealed record MetricHost(string Host, DateTimeOffset LastSeen);

    public sealed record MetricPointShape(long SeriesId, DateTimeOffset Time, DateTimeOffset? Start, double? Value, MetricPoint Point);

    private static async Task<IResult> SeriesAsync(HttpContext http, IMetricStore store, CancellationToken ct, string? name = null, string? limit = null)
    {
        if (Selector(http, name, out var selector) is { } invalid) return invalid;
        if (!QueryParameters.TryReadInt(limit, 500, 1, 5000, out var size))
            return ApiErrors.Result(http, 400, $"'limit' must be a whole number from 1 to 5000, not '{limit}'.");
        return TypedResults.Ok(await store.ListSeriesAsync(selector!, size, ct));
    }

    private static async Task<IResult> QueryAsync(HttpContext http, IMetricStore store, TimeProvider time, CancellationToken ct,
        string? name = null, string? from = null, string? to = null, string? step = null, string? agg = null, string? format = null, string? heatmap = null)
    {
        if (format is not (null or "" or "json" or "csv")) return ApiErrors.Result(http, 400, $"'format' is json (the default) or csv, not '{format}'.");
        if (Selector(http, name, out var selector) is { } invalid) return invalid;
        if (Range(http, time, from, to, out var start, out var end) is { } badRange) return badRange;
        if (!QueryParameters.TryReadDuration(step, out var stepLength) || stepLength < TimeSpan.FromSeconds(1))
            return ApiErrors.Result(http, 400, $"'step' must be a duration of at least 1s such as 30s, 5m or 1h, not '{step}'.");
        MetricAggregation? aggregation = null;
        if (!string.IsNullOrWhiteSpace(agg))
        {
            if (!MetricKinds.TryParse(agg, out var parsed))
                return ApiErrors.Result(http, 400, $"'agg' must be one of {MetricKinds.AcceptedNames}, not '{agg}'.");
            aggregation = parsed;
        }
        var groupBy = Values(http.Request.Query["groupBy"]).Distinct(StringComparer.Ordinal).ToList();
        if (groupBy.Count > 5) return ApiErrors.Result(http, 400, "'groupBy' takes at most 5 keys.");
        if (heatmap is not (null or "" or "true" or "false")) return ApiErrors.Result(http, 400, $"'heatmap' is true or false, not '{heatmap}'.");
        var result = await store.QueryAsync(new MetricQuery
        {
            Selector = selector!, From = start, To = end, Step = stepLength, Aggregation = aggregation, GroupBy = groupBy,
            Heatmap = heatmap == "true",
        }, ct);
        if (result is null) return ApiErrors.Result(http, 404, $"No series of metric '{selector!.Name}' matches; GET {Routes.MetricsApi}/instruments lists the metrics stored.");
        return format == "csv" ? TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(result)), "text/csv; charset=utf-8", $"{result.Instrument.Name}-{MetricKinds.Name(result.Aggregation)}.csv")
            : TypedResults.Ok(result);
    }

    /// <summary>One row per step: its time, then the value of each line (a column per group, named by its attributes).</summary>
    private static string ToCsv(MetricQueryResult result)
    {
        var csv = new StringBuilder();
        csv.Append(Csv.Line(["time", .. result.Lines.Select(l => l.Group.Count == 0 ? result.Instrument.Name : string.Join(" ", l.Group.Select(g => $"{g.Key}={g.Value}")))])).Append("\r\n");
        var steps = result.Lines.Count == 0 ? 0 : result.Lines[0].Values.Count;
        for (var i = 0; i < steps; i++)
            csv.Append(Csv.Line([result.Lines[0].Values[i].Time.ToString("O", CultureInfo.InvariantCulture), .. result.Lines.Select(l => Csv.Number(l.Values[i].Value))])).Append("\r\n");
        return csv.ToString();
    }

    private static async Task<IResult> PointsAsync(HttpContext http, IMetricStore store, TimeProvider time, CancellationToken ct,
        string? name = null, string? from = null, string? to = null, string? limit = null)
    {
        if (Selector(http, name, out var selector) is { } invalid) return invalid;
        if (Range(http, time, from, to, out var start, out var end) is { } badRange) return badRange;
        if (!QueryParameters.TryReadInt(limit, 500, 1, 10_000, out var size))
            return ApiErrors.Result(http, 400, $"'limit' must be a whole number from 1 to 10000, not '{limit}'.");
        var points = await store.ReadPointsAsync(selector!, start, end, size, ct);
        return TypedResults.Ok(points.Select(p => new MetricPointShape(p.Series.Id, FromNanos(p.Point.TimeUnixNano),
            p.Point.StartUnixNano == 0 ? null : FromNanos(p.Point.StartUnixNano), p.Point.Value, p.Point)));
    }

    private static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);

    private static IResult? Range(HttpContext http, TimeProvider time, string? from, string? to, out DateTimeOffset start, out DateTimeOffset end)
    {
        var now = time.GetUtcNow();
        start = now.AddHours(-1);
        end = now;
        if (!QueryParameters.TryReadTime(from, now, out var fromTime))
            return ApiErrors.Result(http, 400, $"'from' must be an ISO 8601 time or a duration such as 1h, not '{from}'.");
        if (!QueryParameters.TryReadTime(to, now, out var toTime))
            return ApiErrors.Result(http, 400, $"'to' must be an ISO 8601 time or a duration such as 1h, not '{to}'.");
        start = fromTime ?? start;
        end = toTime ?? end;
        return end <= start ? ApiErrors.Result(http, 400, "'to' must be after 'from'.") : null;
    }

    /// <summary>name (required), service, scope, host, and <c>filter=key=value</c> (repeatable) as a selector.</summary>
    private static IResult? Selector(HttpContext http, string? name, out MetricSelector? selector)
    {
        selector = null;
        if (string.IsNullOrWhiteSpace(name))
            return ApiErrors.Result(http, 400, $"'name' is required: the metric's name, such as system.cpu.utilization (GET {Routes.MetricsApi}/instruments lists them).");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in http.Request.Query["filter"])
        {
            var equals = filter?.IndexOf('=') ?? -1;
            if (equals <= 0) return ApiErrors.Result(http, 400, $"'filter' takes key=value (key=a|b for either), such as filter=state=idle, not '{filter}'.");
            attributes[filter![..equals]] = filter[(equals + 1)..];
        }
        if (attributes.Count > 20) return ApiErrors.Result(http, 400, "At most 20 filters.");
        var q = http.Request.Query;
        selector = MetricSelector.Of(name.Trim(), attributes, Empty(q["service"]), Empty(q["host"]), Empty(q["scope"]));
        return null;
    }

    private static string? Empty(StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    private static IEnumerable<string> Values(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
