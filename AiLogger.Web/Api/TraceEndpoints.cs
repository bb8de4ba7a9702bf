using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>The read API over traces (DESIGN §4): the list with the trace query language, one trace, one trace as OTLP JSON.</summary>
public static class TraceEndpoints
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapTraceEndpoints(this IEndpointRouteBuilder app)
    {
        var traces = app.MapGroup(Routes.Traces).RequireAuthorization(Policies.ApiRead).WithTags("Traces");
        traces.MapGet("", SearchAsync).Produces<TraceListResponse>();
        traces.MapGet("/{traceId}", GetAsync).Produces<TraceResponseShape>();
        traces.MapGet("/{traceId}/otlp", ExportAsync).Produces(200, contentType: OtlpEncoding.Json);
        return app;
    }

    private static async Task<IResult> SearchAsync(
        HttpContext http, ITraceStore store, TimeProvider time, CancellationToken cancellationToken,
        string? q = null, string? from = null, string? to = null, string? limit = null, string? before = null)
    {
        TraceQuery query;
        try
        {
            query = TraceQuery.Parse(q);
        }
        catch (LogQuerySyntaxException e)
        {
            return LogEndpoints.SyntaxError(http, e);
        }
        var now = time.GetUtcNow();
        if (!QueryParameters.TryReadTime(from, now, out var fromTime))
            return ApiErrors.Result(http, 400, $"'from' must be an ISO 8601 time or a duration such as 1h, not '{from}'.");
        if (!QueryParameters.TryReadTime(to, now, out var toTime))
            return ApiErrors.Result(http, 400, $"'to' must be an ISO 8601 time or a duration such as 1h, not '{to}'.");
        if (!QueryParameters.TryReadInt(limit, 50, 1, MaxLimit, out var size))
            return ApiErrors.Result(http, 400, $"'limit' must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
        if (!TraceCursor.TryParse(before, out var cursor))
            return ApiErrors.Result(http, 400, "'before' must be the 'next' value of a previous page.");

        var page = await store.SearchAsync(new TraceSearchRequest { Query = query, From = fromTime, To = toTime, Limit = size, Before = cursor }, cancellationToken);
        return TypedResults.Ok(new TraceListResponse(page.Traces.Select(Summary).ToList(), page.Next?.ToString()));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string traceId, ITraceStore store, CancellationToken cancellationToken)
    {
        if (Normalize(http, traceId, out var id) is { } invalid) return invalid;
        var trace = await store.GetAsync(id, cancellationToken);
        if (trace is null) return ApiErrors.Result(http, 404, $"No span or log event has trace id {id}.");
        return TypedResults.Ok(new TraceResponse(trace.TraceId, trace.Spans.Select(ToShape).ToList(), trace.Logs, trace.FromLogs, trace.Truncated));
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string traceId, ITraceStore store, CancellationToken cancellationToken)
    {
        if (Normalize(http, traceId, out var id) is { } invalid) return invalid;
        var trace = await store.GetAsync(id, cancellationToken);
        if (trace is null || trace.FromLogs) return ApiErrors.Result(http, 404, $"No span has trace id {id}.");
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"trace-{id}.json\"";
        return TypedResults.Bytes(OtlpJsonExport.Write(trace.Spans), OtlpEncoding.Json);
    }

    private static IResult? Normalize(HttpContext http, string text, out string id)
    {
        id = TraceIds.Normalize(text, 32) ?? "";
        return id.Length == 32 ? null : ApiErrors.Result(http, 400, $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a trace id: expected 32 hex characters.");
    }

    private static TraceRow Summary(TraceSummary t) => new(
        t.TraceId, t.RootName, t.RootService, t.Services, t.StartTime, t.DurationMs, t.SpanCount, t.ErrorCount,
        t.InputTokens + t.OutputTokens == 0 && t.Models.Count == 0 ? null : new GenAiTotals(t.InputTokens, t.OutputTokens, t.Models));

    private static SpanShape ToShape(Span s) => new(
        s.SpanId, s.ParentSpanId, s.Name, s.Kind.ToString().ToLowerInvariant(), s.Service, s.Scope, s.StartTime, s.EndTime, s.DurationMs,
        s.Status.ToString().ToLowerInvariant(), s.StatusMessage, Json(s.AttributesJson, "{}"), Json(s.EventsJson, "[]"), Json(s.LinksJson, "[]"),
        Json(s.ResourceJson, "{}"), s.GenAi is null ? null : new GenAiTotals(s.GenAi.InputTokens, s.GenAi.OutputTokens, s.GenAi.Model is null ? [] : [s.GenAi.Model]));

    private static JsonElement Json(string? json, string empty)
    {
        using var document = JsonDocument.Parse(json ?? empty);
        return document.RootElement.Clone();
    }

    public sealed record TraceListResponse(IReadOnlyList<TraceRow> Traces, string? Next);

    public sealed record TraceRow(
        string TraceId, string? RootName, string? RootService, IReadOnlyList<string> Services, DateTimeOffset StartTime, double DurationMs,
        int SpanCount, int ErrorCount, GenAiTotals? GenAi);

    public sealed record GenAiTotals(long InputTokens, long OutputTokens, IReadOnlyList<string> Models);

    public sealed record SpanShape(
        string SpanId, string? ParentSpanId, string Name, string Kind, string? Service, string? Scope, DateTimeOffset StartTime, DateTimeOffset EndTime,
        double DurationMs, string Status, string? StatusMessage, JsonElement Attributes, JsonElement Events, JsonElement Links, JsonElement Resource,
        GenAiTotals? GenAi);

    private sealed record TraceResponse(string TraceId, IReadOnlyList<SpanShape> Spans, IReadOnlyList<LogEvent> Logs, bool FromLogs, bool Truncated);

    /// <summary><see cref="TraceResponse"/> as it is written, for the API description.</summary>
    public sealed record TraceResponseShape(string TraceId, IReadOnlyList<SpanShape> Spans, IReadOnlyList<EventShape> Logs, bool FromLogs, bool Truncated);
}
