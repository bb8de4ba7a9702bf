using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest;
using SQLitePCL;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The writer's part for spans: inserted in the same transaction as the group's log events, and each trace they
/// touch re-summarised from its stored spans (exact even when spans come late, twice, or across many requests).
/// </summary>
internal sealed partial class SqliteLogAppender
{
    private const int SpanColumns = 23;
    private const string SpanTable =
        "spans (id, trace_id, span_id, parent_span_id, name, kind, service, scope, start_time, end_time, duration, status, status_message, " +
        "attributes, events, links, resource_id, is_gen_ai, gen_ai_model, input_tokens, output_tokens, trace_key, span_key)";
    private const string ResourceIdSql =
        "INSERT INTO span_resources (json) VALUES (?1) ON CONFLICT (json) DO UPDATE SET json = excluded.json RETURNING id";
    private const string SummariseTraceSql =
        "SELECT count(*), COALESCE(sum(status = 2), 0), min(start_time), max(end_time), COALESCE(sum(input_tokens), 0), COALESCE(sum(output_tokens), 0), " +
        "json_group_array(DISTINCT service) FILTER (WHERE service IS NOT NULL), json_group_array(DISTINCT gen_ai_model) FILTER (WHERE gen_ai_model IS NOT NULL), " +
        "(SELECT name FROM spans r WHERE r.trace_key = ?2 AND r.trace_id = ?1 AND r.parent_span_id IS NULL ORDER BY r.start_time LIMIT 1), " +
        "(SELECT service FROM spans r WHERE r.trace_key = ?2 AND r.trace_id = ?1 AND r.parent_span_id IS NULL ORDER BY r.start_time LIMIT 1) " +
        "FROM spans WHERE trace_key = ?2 AND trace_id = ?1";
    private const string UpsertTraceSql =
        "INSERT OR REPLACE INTO traces (trace_id, start_time, end_time, span_count, error_count, root_name, root_service, services, input_tokens, output_tokens, models, trace_key) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    private const int ResourceCacheLimit = 10_000;
    private const string TraceExistsSql = "SELECT 1 FROM traces WHERE trace_id = ?1";

    private sqlite3_stmt? _insertSpans;
    private sqlite3_stmt? _insertSpan;
    private sqlite3_stmt? _resourceId;
    private sqlite3_stmt? _summariseTrace;
    private sqlite3_stmt? _upsertTrace;
    private sqlite3_stmt? _traceExists;
    private long _lastSpanId = -1;
    private readonly List<Span> _spans = new(1024);
    private readonly Dictionary<string, List<Span>> _touchedTraces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _resourceIds = new(StringComparer.Ordinal);
    private readonly List<string> _newResources = [];

    /// <summary>Stores the group's spans (ids assigned); called inside the open transaction.</summary>
    private void AppendSpans(IReadOnlyList<PendingBatch> batches, ref long spanId)
    {
        foreach (var batch in batches)
        {
            var spans = batch.Spans;
            for (var i = 0; i < spans.Length; i++)
            {
                var s = spans[i] with { Id = ++spanId };
                spans[i] = s;
                _spans.Add(s);
                if (!_touchedTraces.TryGetValue(s.TraceId, out var ofTrace)) _touchedTraces[s.TraceId] = ofTrace = [];
                ofTrace.Add(s);
            }
        }
        if (_spans.Count == 0) return;
        EnsureSpanStatements();

        var full = _spans.Count - _spans.Count % RowsPerStatement;
        for (var start = 0; start < full; start += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++) BindSpan(_insertSpans!, row * SpanColumns, _spans[start + row]);
            Step(_insertSpans!);
        }
        for (var i = full; i < _spans.Count; i++)
        {
            BindSpan(_insertSpan!, 0, _spans[i]);
            Step(_insertSpan!);
        }
        foreach (var (traceId, ofTrace) in _touchedTraces)
        {
            // A trace new to the store is summarised from the spans at hand; one with stored spans from all of them.
            if (TraceExists(traceId)) Summarise(traceId);
            else SummariseNew(traceId, ofTrace);
        }
    }

    private void EnsureSpanStatements()
    {
        if (_insertSpans is not null) return;
        // INSERT OR IGNORE: the same span again (trace id + span id) is kept once.
        _insertSpans = Prepare(InsertSql(SpanTable, SpanColumns, RowsPerStatement).Replace("INSERT INTO", "INSERT OR IGNORE INTO"));
        _insertSpan = Prepare(InsertSql(SpanTable, SpanColumns, 1).Replace("INSERT INTO", "INSERT OR IGNORE INTO"));
        _resourceId = Prepare(ResourceIdSql);
        _summariseTrace = Prepare(SummariseTraceSql);
        _upsertTrace = Prepare(UpsertTraceSql);
        _traceExists = Prepare(TraceExistsSql);
    }

    private bool TraceExists(string traceId)
    {
        Bind(_traceExists!, 1, traceId);
        var rc = raw.sqlite3_step(_traceExists!);
        raw.sqlite3_reset(_traceExists!);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE)) Check(rc);
        return rc == raw.SQLITE_ROW;
    }

    private void SummariseNew(string traceId, List<Span> spans)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long start = long.MaxValue, end = long.MinValue, input = 0, output = 0;
        int count = 0, errors = 0;
        Span? root = null;
        var services = new List<string>();
        var models = new List<string>();
        foreach (var span in spans)
        {
            if (!seen.Add(span.SpanId)) continue; // kept once, as INSERT OR IGNORE did
            count++;
            if (span.Status == SpanStatus.Error) errors++;
            start = Math.Min(start, span.StartUnixNano);
            end = Math.Max(end, span.EndUnixNano);
            input += span.GenAi?.InputTokens ?? 0;
            output += span.GenAi?.OutputTokens ?? 0;
            if (span.ParentSpanId is null && (root is null || span.StartUnixNano < root.StartUnixNano)) root = span;
            if (span.Service is { } service && !services.Contains(service)) services.Add(service);
            if (span.GenAi?.Model is { } model && !models.Contains(model)) models.Add(model);
        }
        WriteSummary(traceId, start, end, count, errors, root?.Name, root?.Service,
            services.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(services), input, output,
            models.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(models));
    }

    private long LastSpanId()
    {
        if (_lastSpanId >= 0) return _lastSpanId;
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM spans";
        return _lastSpanId = (long)command.ExecuteScalar()!;
    }

    private void BindSpan(sqlite3_stmt s, int offset, Span span)
    {
        Bind(s, offset + 1, span.Id);
        Bind(s, offset + 2, span.TraceId);
        Bind(s, offset + 3, span.SpanId);
        Bind(s, offset + 4, span.ParentSpanId);
        Bind(s, offset + 5, span.Name);
        Bind(s, offset + 6, (int)span.Kind);
        Bind(s, offset + 7, span.Service);
        Bind(s, offset + 8, span.Scope);
        Bind(s, offset + 9, span.StartUnixNano);
        Bind(s, offset + 10, span.EndUnixNano);
        Bind(s, offset + 11, Math.Max(0, span.EndUnixNano - span.StartUnixNano));
        Bind(s, offset + 12, (int)span.Status);
        Bind(s, offset + 13, span.StatusMessage);
        Bind(s, offset + 14, span.AttributesJson);
        Bind(s, offset + 15, span.EventsJson);
        Bind(s, offset + 16, span.LinksJson);
        if (span.ResourceJson is null) raw.sqlite3_bind_null(s, offset + 17);
        else Bind(s, offset + 17, ResourceId(span.ResourceJson));
        Bind(s, offset + 18, span.GenAi is null ? 0 : 1);
        Bind(s, offset + 19, span.GenAi?.Model);
        Bind(s, offset + 20, span.GenAi?.InputTokens ?? 0);
        Bind(s, offset + 21, span.GenAi?.OutputTokens ?? 0);
        Bind(s, offset + 22, SpanKeys.Of(span.TraceId));
        Bind(s, offset + 23, SpanKeys.Of(span.SpanId));
    }

    private long ResourceId(string json)
    {
        if (_resourceIds.TryGetValue(json, out var id)) return id;
        Bind(_resourceId!, 1, json);
        var rc = raw.sqlite3_step(_resourceId!);
        if (rc != raw.SQLITE_ROW)
        {
            raw.sqlite3_reset(_resourceId!);
            Check(rc);
        }
        id = raw.sqlite3_column_int64(_resourceId!, 0);
        raw.sqlite3_reset(_resourceId!);
        if (_resourceIds.Count >= ResourceCacheLimit) _resourceIds.Clear();
        _resourceIds[json] = id;
        _newResources.Add(json);
        return id;
    }

    private void Summarise(string traceId)
    {
        var q = _summariseTrace!;
        Bind(q, 1, traceId);
        Bind(q, 2, SpanKeys.Of(traceId));
        var rc = raw.sqlite3_step(q);
        if (rc != raw.SQLITE_ROW)
        {
            raw.sqlite3_reset(q);
            Check(rc);
        }
        var count = raw.sqlite3_column_int64(q, 0);
        var errors = raw.sqlite3_column_int64(q, 1);
        var start = raw.sqlite3_column_int64(q, 2);
        var end = raw.sqlite3_column_int64(q, 3);
        var input = raw.sqlite3_column_int64(q, 4);
        var output = raw.sqlite3_column_int64(q, 5);
        var services = raw.sqlite3_column_text(q, 6).utf8_to_string();
        var models = raw.sqlite3_column_text(q, 7).utf8_to_string();
        var rootName = raw.sqlite3_column_type(q, 8) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(q, 8).utf8_to_string();
        var rootService = raw.sqlite3_column_type(q, 9) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(q, 9).utf8_to_string();
        raw.sqlite3_reset(q);

        WriteSummary(traceId, start, end, count, errors, rootName, rootService, services == "[]" ? null : services, input, output, models == "[]" ? null : models);
    }

    private void WriteSummary(string traceId, long start, long end, long count, long errors, string? rootName, string? rootService,
        string? services, long input, long output, string? models)
    {
        var u = _upsertTrace!;
        Bind(u, 1, traceId);
        Bind(u, 2, start);
        Bind(u, 3, end);
        Bind(u, 4, count);
        Bind(u, 5, errors);
        Bind(u, 6, rootName);
        Bind(u, 7, rootService);
        Bind(u, 8, services);
        Bind(u, 9, input);
        Bind(u, 10, output);
        Bind(u, 11, models);
        Bind(u, 12, SpanKeys.Of(traceId));
        Step(u);
    }

    private void ClearSpans(bool committed, long spanId)
    {
        if (committed) _lastSpanId = spanId;
        else foreach (var json in _newResources) _resourceIds.Remove(json);
        _newResources.Clear();
        _spans.Clear();
        _touchedTraces.Clear();
    }

    private void DisposeSpanStatements()
    {
        _insertSpans?.Dispose();
        _insertSpan?.Dispose();
        _resourceId?.Dispose();
        _summariseTrace?.Dispose();
        _upsertTrace?.Dispose();
        _traceExists?.Dispose();
    }
}
