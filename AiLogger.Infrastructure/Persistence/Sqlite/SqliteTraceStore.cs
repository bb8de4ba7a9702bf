using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Storage;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Traces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Trace reads. Without a query the list walks the trace summaries newest first (keyset on start time and id); with
/// one it walks the matching spans newest first (<see cref="BySpansAsync"/>). One trace reads its spans by the trace index.
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

    /// <summary>Matching spans read in the last round at most; the first reads a page's worth, each next four times more.</summary>
    private const int MaxSpanChunk = 4096;

    public async Task<TracePage> SearchAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 1, 1000);
        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, _budget, cancellationToken);
        List<TraceSummary> traces;
        try
        {
            if (request.Query.Root is { } root)
            {
                traces = await BySpansAsync(connection, request, root, limit, cancellationToken);
            }
            else
            {
                var sql = new SqlQuery();
                traces = await ReadSummariesAsync(connection.CreateCommand(
                    $"SELECT {SummaryColumns} FROM traces AS t{Where(TraceConditions(request, sql))} ORDER BY t.start_time DESC, t.trace_id DESC LIMIT {limit + 1}", sql),
                    cancellationToken);
            }
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
        catch (SqliteException error) when (SqliteErrors.IsBusy(error))
        {
            throw new StorageUnavailableException("The database stayed busy; try again shortly.", error);
        }

        TraceCursor? next = null;
        if (traces.Count > limit)
        {
            traces.RemoveRange(limit, traces.Count - limit);
            next = new TraceCursor(traces[^1].StartUnixNano, traces[^1].TraceId);
        }
        return new TracePage(traces, next);
    }

    /// <summary>
    /// The matching spans newest first, by whatever index serves the query (failed spans of a service, a service, the
    /// start), each joined to its trace. A trace starts no later than any of its spans, so once the walk is below
    /// time X every trace that started after X has been met: those are final, in trace-start order, and the walk stops
    /// when they fill the page.
    /// </summary>
    private static async Task<List<TraceSummary>> BySpansAsync(
        SqliteConnection connection, TraceSearchRequest request, Domain.Logs.Query.QueryNode root, int limit, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, TraceSummary>(StringComparer.Ordinal);
        long? position = null, positionId = null;
        // The trace of the last span read is not final yet, so a page needs more spans than traces.
        var size = 2 * (limit + 1);
        while (true)
        {
            var chunk = new SqlQuery();
            var conditions = TraceConditions(request, chunk);
            conditions.Add(SqliteTraceQueryTranslator.Translate(root, chunk));
            if (position is not null)
            {
                var at = chunk.Add(position.Value);
                conditions.Add($"(s.start_time < {at} OR (s.start_time = {at} AND s.id < {chunk.Add(positionId!.Value)}))");
            }
            var text = $"SELECT s.start_time, s.id, {SummaryColumns} FROM spans AS s JOIN traces AS t ON t.trace_id = s.trace_id{Where(conditions)} " +
                       $"ORDER BY s.start_time DESC, s.id DESC LIMIT {size}";
            var read = 0;
            await using (var command = connection.CreateCommand(text, chunk))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    position = reader.GetInt64(0);
                    positionId = reader.GetInt64(1);
                    var traceId = reader.GetString(2);
                    if (!found.ContainsKey(traceId)) found[traceId] = ReadSummary(reader, offset: 2);
                }
            }
            var exhausted = read < size;
            size = Math.Min(size * 4, MaxSpanChunk);
            var final = found.Values.Where(t => exhausted || t.StartUnixNano > position).ToList();
            if (exhausted || final.Count > limit)
                return final.OrderByDescending(t => t.StartUnixNano).ThenByDescending(t => t.TraceId, StringComparer.Ordinal).Take(limit + 1).ToList();
        }
    }

    /// <summary>The request's time range and cursor, over the trace summaries (alias <c>t</c>).</summary>
    private static List<string> TraceConditions(TraceSearchRequest request, SqlQuery sql)
    {
        var where = new List<string>();
        if (request.From is { } from) where.Add($"t.start_time >= {sql.Add(SpanTime.ToUnixNano(from))}");
        if (request.To is { } to) where.Add($"t.start_time < {sql.Add(SpanTime.ToUnixNano(to))}");
        if (request.Before is { } before)
        {
            var start = sql.Add(before.StartUnixNano);
            where.Add($"(t.start_time < {start} OR (t.start_time = {start} AND t.trace_id < {sql.Add(before.TraceId)}))");
        }
        return where;
    }

    private static async Task<List<TraceSummary>> ReadSummariesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var traces = new List<TraceSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) traces.Add(ReadSummary(reader));
            return traces;
        }
    }

    private static string Where(List<string> conditions) => conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "";

    public async Task<IReadOnlyList<ValueCount>> CountServicesAsync(TraceSearchRequest request, int sample, CancellationToken cancellationToken)
    {
        sample = Math.Clamp(sample, 1, 100_000);
        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, _budget, cancellationToken);
        var sql = new SqlQuery();
        var conditions = TraceConditions(request with { Before = null }, sql);
        string text;
        if (request.Query.Root is { } root)
        {
            // Spans carry no trace start: their own start bounds the walk (a trace's spans start at or after it).
            conditions = conditions.Select(c => c.Replace("t.start_time", "s.start_time", StringComparison.Ordinal)).ToList();
            conditions.Add(SqliteTraceQueryTranslator.Translate(root, sql));
            text = "SELECT j.value, COUNT(*) AS n FROM (SELECT DISTINCT m.trace_id FROM " +
                   $"(SELECT s.trace_id FROM spans AS s{Where(conditions)} ORDER BY s.start_time DESC LIMIT {sample}) AS m) AS d " +
                   "JOIN traces AS t ON t.trace_id = d.trace_id, json_each(t.services) AS j GROUP BY j.value ORDER BY n DESC, j.value LIMIT 50";
        }
        else
        {
            text = $"SELECT j.value, COUNT(*) AS n FROM (SELECT t.services FROM traces AS t{Where(conditions)} ORDER BY t.start_time DESC LIMIT {sample}) AS x, " +
                   "json_each(x.services) AS j GROUP BY j.value ORDER BY n DESC, j.value LIMIT 50";
        }
        var counts = new List<ValueCount>();
        try
        {
            await using var command = connection.CreateCommand(text, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts.Add(new ValueCount(Text(reader, 0), reader.GetInt64(1)));
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
        catch (SqliteException error) when (SqliteErrors.IsBusy(error))
        {
            throw new StorageUnavailableException("The database stayed busy; try again shortly.", error);
        }
        return counts;
    }

    public async Task<TraceDetail?> GetAsync(string traceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var spans = new List<Span>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {SpanColumns} FROM spans AS s LEFT JOIN span_resources AS r ON r.id = s.resource_id " +
                                  $"WHERE s.trace_key IN (@key, @legacy) AND s.trace_id = @id ORDER BY s.start_time, s.id LIMIT {MaxSpans + 1}";
            command.Parameters.AddWithValue("@id", traceId);
            var key = SpanKeys.Of(traceId);
            command.Parameters.AddWithValue("@key", key);
            command.Parameters.AddWithValue("@legacy", SpanKeys.IsPadded(traceId, key) ? SpanKeys.LegacyPaddedKey : key);
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


    private static TraceSummary ReadSummary(SqliteDataReader r, int offset = 0) => new()
    {
        TraceId = r.GetString(offset),
        StartUnixNano = r.GetInt64(offset + 1),
        EndUnixNano = r.GetInt64(offset + 2),
        SpanCount = r.GetInt32(offset + 3),
        ErrorCount = r.GetInt32(offset + 4),
        RootName = Text(r, offset + 5),
        RootService = Text(r, offset + 6),
        Services = List(Text(r, offset + 7)),
        InputTokens = r.GetInt64(offset + 8),
        OutputTokens = r.GetInt64(offset + 9),
        Models = List(Text(r, offset + 10)),
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
