using System.Data.Common;
using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Traces;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Trace reads, as SQLite's store makes them: without a query the list walks the trace summaries newest first (keyset
/// on start time and id); with one it walks the matching spans newest first across the day partitions
/// (<see cref="BySpansAsync"/>). One trace reads its spans by the trace key index of each partition.
/// </summary>
internal sealed class PostgresTraceStore(PostgresDatabase database, IOptions<SearchOptions> options) : ITraceStore
{
    public const int MaxSpans = 10_000;
    public const int MaxLogs = 5_000;
    private readonly TimeSpan _budget = options.Value.QueryTimeout;

    private const string SummaryColumns =
        "t.trace_id, t.start_time, t.end_time, t.span_count, t.error_count, t.root_name, t.root_service, t.services, t.input_tokens, t.output_tokens, t.models";

    private const string SpanColumns =
        "s.id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service, s.scope, s.start_time, s.end_time, s.status, s.status_message, " +
        "s.attributes, s.events, s.links, r.json, s.is_gen_ai, s.gen_ai_model, s.input_tokens, s.output_tokens";

    private const string EventColumns =
        "e.id, e.timestamp, e.level, e.message, mt.text, e.source, e.exception, e.trace_id, e.span_id, e.parent_span_id, e.event_type, e.properties::text, e.tags::text";

    /// <summary>Matching spans read in the last round at most; the first reads a page's worth, each next four times more.</summary>
    private const int MaxSpanChunk = 4096;

    // Trace ids compare in byte order, as SQLite's BINARY does, whatever the database's default collation.
    private const string TraceOrder = "t.trace_id COLLATE \"C\"";

    public async Task<TracePage> SearchAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 1, 1000);
        var traces = await PostgresReads.RunAsync(database, _budget, async connection =>
        {
            if (request.Query.Root is { } root) return await BySpansAsync(connection, request, root, limit, cancellationToken);
            var sql = new SqlQuery();
            await using var command = sql.Command(connection,
                $"SELECT {SummaryColumns} FROM traces AS t{Where(TraceConditions(request, sql))} ORDER BY t.start_time DESC, {TraceOrder} DESC LIMIT {limit + 1}");
            var list = new List<TraceSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) list.Add(ReadSummary(reader));
            return list;
        }, cancellationToken);

        TraceCursor? next = null;
        if (traces.Count > limit)
        {
            traces.RemoveRange(limit, traces.Count - limit);
            next = new TraceCursor(traces[^1].StartUnixNano, traces[^1].TraceId);
        }
        return new TracePage(traces, next);
    }

    /// <summary>
    /// The matching spans newest first, each joined to its trace. A trace starts no later than any of its spans, so once
    /// the walk is below time X every trace that started after X has been met: those are final, in trace-start order,
    /// and the walk stops when they fill the page.
    /// </summary>
    private static async Task<List<TraceSummary>> BySpansAsync(
        NpgsqlConnection connection, TraceSearchRequest request, Domain.Logs.Query.QueryNode root, int limit, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, TraceSummary>(StringComparer.Ordinal);
        long? position = null, positionId = null;
        // The trace of the last span read is not final yet, so a page needs more spans than traces.
        var size = 2 * (limit + 1);
        while (true)
        {
            var chunk = new SqlQuery();
            var conditions = TraceConditions(request, chunk);
            conditions.Add(PostgresTraceQueryTranslator.Translate(root, chunk));
            if (position is not null)
            {
                var at = chunk.Add(position.Value);
                conditions.Add($"(s.start_time < {at} OR (s.start_time = {at} AND s.id < {chunk.Add(positionId!.Value)}))");
            }
            var text = $"SELECT s.start_time, s.id, {SummaryColumns} FROM spans AS s JOIN traces AS t ON t.trace_id = s.trace_id{Where(conditions)} " +
                       $"ORDER BY s.start_time DESC, s.id DESC LIMIT {size}";
            var read = 0;
            await using (var command = chunk.Command(connection, text))
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
            where.Add($"(t.start_time < {start} OR (t.start_time = {start} AND {TraceOrder} < {sql.Add(before.TraceId)}))");
        }
        return where;
    }

    private static string Where(List<string> conditions) => conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "";

    public async Task<IReadOnlyList<ValueCount>> CountServicesAsync(TraceSearchRequest request, int sample, CancellationToken cancellationToken)
    {
        sample = Math.Clamp(sample, 1, 100_000);
        var sql = new SqlQuery();
        var conditions = TraceConditions(request with { Before = null }, sql);
        string text;
        // traces.services is a JSON array in a text column.
        if (request.Query.Root is { } root)
        {
            // Spans carry no trace start: their own start bounds the walk (a trace's spans start at or after it).
            conditions = conditions.Select(c => c.Replace("t.start_time", "s.start_time", StringComparison.Ordinal)).ToList();
            conditions.Add(PostgresTraceQueryTranslator.Translate(root, sql));
            text = "SELECT j.value, count(*) AS n FROM (SELECT DISTINCT m.trace_id FROM " +
                   $"(SELECT s.trace_id FROM spans AS s{Where(conditions)} ORDER BY s.start_time DESC LIMIT {sample}) AS m) AS d " +
                   "JOIN traces AS t ON t.trace_id = d.trace_id CROSS JOIN LATERAL json_array_elements_text(t.services::json) AS j(value) " +
                   "GROUP BY j.value ORDER BY n DESC, j.value COLLATE \"C\" LIMIT 50";
        }
        else
        {
            text = $"SELECT j.value, count(*) AS n FROM (SELECT t.services FROM traces AS t{Where(conditions)} ORDER BY t.start_time DESC LIMIT {sample}) AS x " +
                   "CROSS JOIN LATERAL json_array_elements_text(x.services::json) AS j(value) GROUP BY j.value ORDER BY n DESC, j.value COLLATE \"C\" LIMIT 50";
        }
        return await PostgresReads.RunAsync(database, _budget, async connection =>
        {
            var counts = new List<ValueCount>();
            await using var command = sql.Command(connection, text);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts.Add(new ValueCount(Text(reader, 0), reader.GetInt64(1)));
            return counts;
        }, cancellationToken);
    }

    public Task<TraceDetail?> GetAsync(string traceId, CancellationToken cancellationToken) =>
        PostgresReads.RunAsync(database, budget: null, async connection =>
        {
            var spans = new List<Span>();
            var key = SpanKeys.Of(traceId);
            await using (var command = new NpgsqlCommand(
                $"SELECT {SpanColumns} FROM spans AS s LEFT JOIN span_resources AS r ON r.id = s.resource_id " +
                $"WHERE s.trace_key IN (@key, @legacy) AND s.trace_id = @id ORDER BY s.start_time, s.id LIMIT {MaxSpans + 1}", connection))
            {
                command.Parameters.AddWithValue("id", traceId);
                command.Parameters.AddWithValue("key", key);
                command.Parameters.AddWithValue("legacy", SpanKeys.IsPadded(traceId, key) ? SpanKeys.LegacyPaddedKey : key);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) spans.Add(ReadSpan(reader));
            }
            var truncated = spans.Count > MaxSpans;
            if (truncated) spans.RemoveAt(spans.Count - 1);

            var logs = new List<LogEvent>();
            await using (var command = new NpgsqlCommand(
                $"SELECT {EventColumns} FROM log_events AS e LEFT JOIN message_templates AS mt ON mt.id = e.template_id " +
                $"WHERE e.trace_id = @id ORDER BY e.timestamp, e.id LIMIT {MaxLogs}", connection))
            {
                command.Parameters.AddWithValue("id", traceId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) logs.Add(ReadEvent(reader));
            }
            if (spans.Count == 0 && logs.Count == 0) return null;
            if (spans.Count > 0) return new TraceDetail(traceId, spans, logs, FromLogs: false, truncated);
            return new TraceDetail(traceId, LogTraceTree.Build(traceId, logs), logs, FromLogs: true, Truncated: false);
        }, cancellationToken);

    private static TraceSummary ReadSummary(DbDataReader r, int offset = 0) => new()
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

    private static Span ReadSpan(DbDataReader r) => new()
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
        GenAi = r.GetBoolean(16) ? new GenAiUsage(Text(r, 17), r.GetInt64(18), r.GetInt64(19)) : null,
    };

    private static LogEvent ReadEvent(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Timestamp = new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero),
        Level = (LogLevel)r.GetInt32(2),
        Message = r.GetString(3),
        MessageTemplate = Text(r, 4),
        Source = Text(r, 5),
        Exception = Text(r, 6),
        TraceId = Text(r, 7),
        SpanId = Text(r, 8),
        ParentSpanId = Text(r, 9),
        EventType = Text(r, 10),
        PropertiesJson = Text(r, 11),
        Tags = Text(r, 12) is { } tags ? JsonSerializer.Deserialize<string[]>(tags) ?? [] : [],
    };

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static IReadOnlyList<string> List(string? json) => json is null ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
