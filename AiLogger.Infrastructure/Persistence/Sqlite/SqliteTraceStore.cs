using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Traces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Trace reads. The list walks the trace summaries newest first (keyset on start time and id) and keeps those with a
/// span matching the query, asked through the spans' trace index; one trace reads its spans by that index too.
/// </summary>
internal sealed class SqliteTraceStore(SqliteDatabase database, IOptions<SearchOptions> options) : ITraceStore
{
    public const int MaxSpans = 10_000;
    public const int MaxLogs = 5_000;
    private readonly TimeSpan _budget = options.Value.QueryTimeout;

    private const string SummaryColumns =
        "t.trace_id, t.start_time, t.end_time, t.span_count, t.error_count, t.root_name, t.root_service, t.services, t.input_tokens, t.output_tokens, t.models";

    private const string SpanColumns =
        "s.id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service, s.scope, s.start_time, s.end_time, s.status, s.status_message, " +
        "s.attributes, s.events, s.links, r.json, s.is_gen_ai, s.gen_ai_model, s.input_tokens, s.output_tokens";

    public async Task<TracePage> SearchAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 1, 1000);
        var sql = new SqlQuery();
        var where = new List<string>();
        if (request.From is { } from) where.Add($"t.start_time >= {sql.Add(SpanTime.ToUnixNano(from))}");
        if (request.To is { } to) where.Add($"t.start_time < {sql.Add(SpanTime.ToUnixNano(to))}");
        if (request.Before is { } before)
        {
            var start = sql.Add(before.StartUnixNano);
            where.Add($"(t.start_time < {start} OR (t.start_time = {start} AND t.trace_id < {sql.Add(before.TraceId)}))");
        }
        if (request.Query.Root is { } root)
            where.Add($"EXISTS (SELECT 1 FROM spans AS s WHERE s.trace_id = t.trace_id AND {SqliteTraceQueryTranslator.Translate(root, sql)})");
        var text = $"SELECT {SummaryColumns} FROM traces AS t{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} " +
                   $"ORDER BY t.start_time DESC, t.trace_id DESC LIMIT {limit + 1}";

        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, _budget, cancellationToken);
        var traces = new List<TraceSummary>();
        try
        {
            await using var command = connection.CreateCommand(text, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) traces.Add(ReadSummary(reader));
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }

        TraceCursor? next = null;
        if (traces.Count > limit)
        {
            traces.RemoveRange(limit, traces.Count - limit);
            next = new TraceCursor(traces[^1].StartUnixNano, traces[^1].TraceId);
        }
        return new TracePage(traces, next);
    }

    public async Task<TraceDetail?> GetAsync(string traceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var spans = new List<Span>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {SpanColumns} FROM spans AS s LEFT JOIN span_resources AS r ON r.id = s.resource_id " +
                                  $"WHERE s.trace_id = @id ORDER BY s.start_time, s.id LIMIT {MaxSpans + 1}";
            command.Parameters.AddWithValue("@id", traceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) spans.Add(ReadSpan(reader));
        }
        var truncated = spans.Count > MaxSpans;
        if (truncated) spans.RemoveAt(spans.Count - 1);

        var logs = new List<LogEvent>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {SqliteLogSearch.Columns} FROM {SqliteLogSearch.From} WHERE e.trace_id = @id ORDER BY e.timestamp, e.id LIMIT {MaxLogs}";
            command.Parameters.AddWithValue("@id", traceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) logs.Add(SqliteLogSearch.ReadEvent(reader));
        }
        if (spans.Count == 0 && logs.Count == 0) return null;
        if (spans.Count > 0) return new TraceDetail(traceId, spans, logs, FromLogs: false, truncated);
        return new TraceDetail(traceId, LogTraceTree.Build(traceId, logs), logs, FromLogs: true, Truncated: false);
    }


    private static TraceSummary ReadSummary(SqliteDataReader r) => new()
    {
        TraceId = r.GetString(0),
        StartUnixNano = r.GetInt64(1),
        EndUnixNano = r.GetInt64(2),
        SpanCount = r.GetInt32(3),
        ErrorCount = r.GetInt32(4),
        RootName = Text(r, 5),
        RootService = Text(r, 6),
        Services = List(Text(r, 7)),
        InputTokens = r.GetInt64(8),
        OutputTokens = r.GetInt64(9),
        Models = List(Text(r, 10)),
    };

    private static Span ReadSpan(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        TraceId = r.GetString(1),
        SpanId = r.GetString(2),
        ParentSpanId = Text(r, 3),
        Name = r.GetString(4),
        Kind = (SpanKind)r.GetInt32(5),
        Service = Text(r, 6),
        Scope = Text(r, 7),
        StartUnixNano = r.GetInt64(8),
        EndUnixNano = r.GetInt64(9),
        Status = (SpanStatus)r.GetInt32(10),
        StatusMessage = Text(r, 11),
        AttributesJson = Text(r, 12),
        EventsJson = Text(r, 13),
        LinksJson = Text(r, 14),
        ResourceJson = Text(r, 15),
        GenAi = r.GetInt32(16) == 1 ? new GenAiUsage(Text(r, 17), r.GetInt64(18), r.GetInt64(19)) : null,
    };

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static IReadOnlyList<string> List(string? json) => json is null ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
