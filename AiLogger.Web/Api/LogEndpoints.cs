using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>The read API over stored events (DESIGN §4).</summary>
public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup(Routes.LogsGroup).RequireAuthorization(Scopes.Read).WithTags("Logs");
        logs.MapGet("/search", SearchAsync);
        logs.MapGet("/{id:long}", GetAsync);
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
            error = ApiErrors.Result(http, 400, e.Message,
                new Dictionary<string, object?> { ["position"] = e.Position, ["expected"] = e.Expected });
            return false;
        }
    }

    private sealed record SearchResponse(IReadOnlyList<LogEvent> Events, string? Next);
}
