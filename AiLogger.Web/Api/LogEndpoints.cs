using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>The read API over stored events (DESIGN §4).</summary>
public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup(Routes.LogsGroup).RequireAuthorization(Policies.ApiRead).WithTags("Logs");
        logs.MapGet("/search", SearchAsync).Produces<SearchResponseShape>();
        logs.MapGet("/{id:long}", GetAsync).Produces<EventShape>();
        logs.MapGet("/aggregate", AggregateAsync).Produces<AggregateResponse>();
        logs.MapGet("/recent", RecentAsync).Produces<EventShape[]>();
        logs.MapGet("/stats", StatsAsync).Produces<Dictionary<string, JsonElement>>();
        logs.MapGet("/export", ExportAsync).Produces(200, contentType: "application/x-ndjson", additionalContentTypes: "text/csv");
        return app;
    }

    private static async Task<IResult> SearchAsync(
        HttpContext http, ILogSearch search, TimeProvider time, CancellationToken cancellationToken,
        string? q = null, string? from = null, string? to = null, string? limit = null, string? before = null)
    {
        if (!TryParseQuery(http, q, out var query, out var error)) return error;
        var now = time.GetUtcNow();
        if (!QueryParameters.TryReadTime(from, now, out var fromTime))
            return ApiErrors.Result(http, 400, $"'from' must be an ISO 8601 time or a duration such as 1h, not '{from}'.");
        if (!QueryParameters.TryReadTime(to, now, out var toTime))
            return ApiErrors.Result(http, 400, $"'to' must be an ISO 8601 time or a duration such as 1h, not '{to}'.");
        if (!QueryParameters.TryReadInt(limit, 100, 1, LogSearchRequest.MaxLimit, out var size))
            return ApiErrors.Result(http, 400, $"'limit' must be a whole number from 1 to {LogSearchRequest.MaxLimit}, not '{limit}'.");
        LogCursor? cursor = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!LogCursor.TryDecode(before, out cursor))
                return ApiErrors.Result(http, 400, "'before' must be the 'next' value of a previous page.");
        }

        var page = await search.SearchAsync(new LogSearchRequest
        {
            Query = query, From = fromTime, To = toTime, Limit = size, Before = cursor,
        }, cancellationToken);
        return TypedResults.Ok(new SearchResponse(page.Events, page.Next?.Encode()));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, ILogSearch search, CancellationToken cancellationToken)
    {
        var e = await search.GetAsync(id, cancellationToken);
        return e is null ? ApiErrors.Result(http, 404, $"No event has id {id}.") : TypedResults.Ok(e);
    }

    private static async Task<IResult> AggregateAsync(
        HttpContext http, ILogAggregator aggregator, TimeProvider time, CancellationToken cancellationToken,
        string? q = null, string? from = null, string? to = null, string? groupBy = null, string? interval = null, string? top = null)
    {
        if (!TryParseQuery(http, q, out var query, out var error)) return error;
        var now = time.GetUtcNow();
        if (!QueryParameters.TryReadTime(from, now, out var fromTime))
            return ApiErrors.Result(http, 400, $"'from' must be an ISO 8601 time or a duration such as 1h, not '{from}'.");
        if (!QueryParameters.TryReadTime(to, now, out var toTime))
            return ApiErrors.Result(http, 400, $"'to' must be an ISO 8601 time or a duration such as 1h, not '{to}'.");
        if (fromTime >= toTime && fromTime is not null && toTime is not null)
            return ApiErrors.Result(http, 400, "'from' must be before 'to'.");
        TimeSpan? width = null;
        if (string.Equals(interval, "auto", StringComparison.OrdinalIgnoreCase))
            width = HistogramIntervals.For((toTime ?? now) - (fromTime ?? (toTime ?? now).AddHours(-24)));
        else if (!string.IsNullOrEmpty(interval))
        {
            if (!Domain.Common.Durations.TryParse(interval, out var parsed) || parsed.Value < TimeSpan.FromSeconds(1))
                return ApiErrors.Result(http, 400, $"'interval' must be a duration of 1s or more (30s, 5m, 1h, 1d) or 'auto', not '{interval}'.");
            width = parsed;
        }

        var fields = (top ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (fields.Length > LogAggregateRequest.MaxTopFields)
            return ApiErrors.Result(http, 400, $"'top' names {fields.Length} fields; at most {LogAggregateRequest.MaxTopFields} are counted in one request.");
        if (fields.FirstOrDefault(f => f.Length > LogAggregateRequest.MaxFieldNameLength) is { } longField)
            return ApiErrors.Result(http, 400, $"'top' names a field of {longField.Length} characters; field names have at most {LogAggregateRequest.MaxFieldNameLength}.");
        if (groupBy?.Trim().Length > LogAggregateRequest.MaxFieldNameLength)
            return ApiErrors.Result(http, 400, $"'groupBy' is {groupBy.Trim().Length} characters long; field names have at most {LogAggregateRequest.MaxFieldNameLength}.");
        if (fields.FirstOrDefault(f => !PropertyPath.IsValidName(f)) is { } oddField)
            return ApiErrors.Result(http, 400, $"'top' names '{oddField}', which is not a field name: use {PropertyPath.NameRule}.");
        if (!string.IsNullOrWhiteSpace(groupBy) && !PropertyPath.IsValidName(groupBy.Trim()))
            return ApiErrors.Result(http, 400, $"'groupBy' is '{groupBy.Trim()}', which is not a field name: use {PropertyPath.NameRule}.");

        var result = await aggregator.AggregateAsync(new LogAggregateRequest
        {
            Query = query, From = fromTime, To = toTime, GroupBy = string.IsNullOrWhiteSpace(groupBy) ? null : groupBy.Trim(),
            Interval = width,
            Top = fields,
        }, cancellationToken);

        return TypedResults.Ok(new AggregateResponse(
            result.Total,
            result.Groups.Select(g => new GroupCount(g.Value, g.Count)).ToList(),
            result.Histogram.Select(b => new HistogramBucket(
                LogEventJsonConverter.FormatTimestamp(b.Start), b.Total, b.Counts.Where(c => c.Value > 0).ToDictionary(c => c.Key.Name(), c => c.Value))).ToList(),
            result.Top.ToDictionary(t => t.Key, t => (IReadOnlyList<ValueCountResponse>)t.Value.Select(v => new ValueCountResponse(v.Value, v.Count)).ToList())));
    }

    private static async Task<IResult> RecentAsync(HttpContext http, ILogSearch search, CancellationToken cancellationToken, string? lines = null, string? type = null)
    {
        if (!QueryParameters.TryReadInt(lines, 100, 1, LogSearchRequest.MaxLimit, out var count))
            return ApiErrors.Result(http, 400, $"'lines' must be a whole number from 1 to {LogSearchRequest.MaxLimit}, not '{lines}'.");
        var query = (type ?? "all").ToLowerInvariant() switch
        {
            "all" => LogQuery.All,
            "api" => LogQuery.Parse("type:request OR type:response"),
            "errors" => LogQuery.Parse("level>=error"),
            _ => null,
        };
        if (query is null) return ApiErrors.Result(http, 400, $"'type' must be all, api or errors, not '{type}'.");
        var page = await search.SearchAsync(new LogSearchRequest { Query = query, Limit = count }, cancellationToken);
        return TypedResults.Ok(page.Events);
    }

    private static async Task<IResult> StatsAsync(HttpContext http, ILogStatistics statistics, CancellationToken cancellationToken, string? hours = null)
    {
        if (!QueryParameters.TryReadInt(hours, 24, 1, 24 * 366, out var window))
            return ApiErrors.Result(http, 400, $"'hours' must be a whole number from 1 to {24 * 366}, not '{hours}'.");
        var s = await statistics.GetApiStatisticsAsync(window, cancellationToken);
        // The seeds' live-logs viewer's shape, snake_case as it has it.
        return TypedResults.Json(new Dictionary<string, object?>
        {
            ["api_stats"] = new Dictionary<string, object?>
            {
                ["total_requests"] = s.TotalRequests, ["endpoints"] = s.Endpoints, ["methods"] = s.Methods,
                ["status_codes"] = s.StatusCodes, ["avg_response_time"] = s.AverageResponseTime, ["response_times"] = s.ResponseTimes,
            },
            ["error_summary"] = new Dictionary<string, object?>
            {
                ["total_errors"] = s.TotalErrors, ["error_types"] = s.ErrorTypes,
                ["endpoints_with_errors"] = s.EndpointsWithErrors, ["status_codes"] = s.ErrorStatusCodes,
            },
            ["timeframe_hours"] = s.TimeframeHours,
        });
    }

    private static async Task ExportAsync(
        HttpContext http, ILogSearch search, TimeProvider time, CancellationToken cancellationToken,
        string? q = null, string? from = null, string? to = null, string? format = null)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.IsNullOrEmpty(format) && !string.Equals(format, "jsonl", StringComparison.OrdinalIgnoreCase))
        {
            await ApiErrors.WriteAsync(http, 400, $"'format' must be jsonl or csv, not '{format}'.");
            return;
        }
        if (!TryParseQuery(http, q, out var query, out var error))
        {
            await error.ExecuteAsync(http);
            return;
        }
        var now = time.GetUtcNow();
        if (!QueryParameters.TryReadTime(from, now, out var fromTime) || !QueryParameters.TryReadTime(to, now, out var toTime))
        {
            await ApiErrors.WriteAsync(http, 400, "'from' and 'to' must be ISO 8601 times or durations such as 1h.");
            return;
        }

        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"ailogger-{now:yyyyMMdd-HHmmss}.{(csv ? "csv" : "jsonl")}\"";
        await LogExport.WriteAsync(http.Response.Body, search, new LogSearchRequest { Query = query, From = fromTime, To = toTime, Limit = LogSearchRequest.MaxLimit },
            csv, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions,
            cancellationToken);
    }

    /// <summary>A malformed query is a 400 that says where and what was expected.</summary>
    internal static bool TryParseQuery(HttpContext http, string? text, out LogQuery query, out IResult error)
    {
        try
        {
            query = LogQuery.Parse(text);
            error = null!;
            return true;
        }
        catch (LogQuerySyntaxException e)
        {
            query = LogQuery.All;
            error = SyntaxError(http, e);
            return false;
        }
    }

    /// <summary>The 400 for a query that does not parse (logs or traces): the message, its position, what was expected.</summary>
    internal static IResult SyntaxError(HttpContext http, LogQuerySyntaxException e) => ApiErrors.Result(http, 400, e.Message,
        new Dictionary<string, object?> { ["position"] = e.Position, ["expected"] = e.Expected, ["limit"] = e.Limit });

    private sealed record SearchResponse(IReadOnlyList<LogEvent> Events, string? Next);

    /// <summary><see cref="SearchResponse"/> as it is written, for the API description.</summary>
    public sealed record SearchResponseShape(IReadOnlyList<EventShape> Events, string? Next);

    public sealed record GroupCount(string? Key, long Count);

    public sealed record HistogramBucket(string Start, long Count, IReadOnlyDictionary<string, long> Levels);

    public sealed record ValueCountResponse(string? Value, long Count);

    public sealed record AggregateResponse(
        long Total, IReadOnlyList<GroupCount> Groups, IReadOnlyList<HistogramBucket> Histogram, IReadOnlyDictionary<string, IReadOnlyList<ValueCountResponse>> Top);
}
