using System.Text.Json;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Persistence.Sqlite;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The writer's part for spans: inserted in the same transaction as the group's log events, and each trace they
/// touch re-summarised from its stored spans (exact even when spans come late, twice, or across many requests).
/// A span is kept once per (trace key, span key), as on SQLite: the table's unique index also holds the start time
/// (a partition's keys must), so the spans a trace already has are looked up first.
/// </summary>
internal sealed partial class PostgresLogAppender
{
    private const string InsertSpansSql =
        "INSERT INTO spans (id, trace_id, span_id, parent_span_id, name, kind, service, scope, start_time, end_time, duration, status, status_message, " +
        "attributes, events, links, resource_id, is_gen_ai, gen_ai_model, input_tokens, output_tokens, trace_key, span_key) " +
        "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::bigint[], " +
        "$10::bigint[], $11::bigint[], $12::integer[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::boolean[], $19::text[], " +
        "$20::bigint[], $21::bigint[], $22::bigint[], $23::bigint[]) ON CONFLICT DO NOTHING";
    private const string ResourceIdsSql =
        "INSERT INTO span_resources (json) SELECT unnest($1::text[]) ON CONFLICT ((md5(json))) DO UPDATE SET json = span_resources.json RETURNING id, json";
    private const string ExistingTracesSql = "SELECT trace_id FROM traces WHERE trace_id = ANY($1)";
    private const string StoredSpanKeysSql = "SELECT trace_key, span_key FROM spans WHERE trace_key = ANY($1)";
    private const string SummariseTracesSql =
        "SELECT trace_id, count(*), count(*) FILTER (WHERE status = 2), min(start_time), max(end_time), " +
        "COALESCE(sum(input_tokens), 0)::bigint, COALESCE(sum(output_tokens), 0)::bigint, " +
        "array_agg(DISTINCT service) FILTER (WHERE service IS NOT NULL), array_agg(DISTINCT gen_ai_model) FILTER (WHERE gen_ai_model IS NOT NULL), " +
        "(array_agg(name ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1], " +
        "(array_agg(service ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] " +
        "FROM spans WHERE trace_key = ANY($1) AND trace_id = ANY($2) GROUP BY trace_id";
    private const string UpsertTracesSql =
        "INSERT INTO traces (trace_id, start_time, end_time, span_count, error_count, root_name, root_service, services, input_tokens, output_tokens, models, trace_key) " +
        "SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::integer[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::bigint[], " +
        "$10::bigint[], $11::text[], $12::bigint[]) ON CONFLICT (trace_id) DO UPDATE SET start_time = excluded.start_time, end_time = excluded.end_time, " +
        "span_count = excluded.span_count, error_count = excluded.error_count, root_name = excluded.root_name, root_service = excluded.root_service, " +
        "services = excluded.services, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, models = excluded.models, trace_key = excluded.trace_key";
    private const int ResourceCacheLimit = 10_000;

    private readonly HashSet<long> _spanDays = [];
    private readonly HashSet<long> _knownSpanDays = [];
    private readonly List<Span> _spans = new(1024);
    private readonly Dictionary<string, List<Span>> _touchedTraces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long?> _resourceIds = new(StringComparer.Ordinal);
    private readonly List<string> _newResources = [];
    private readonly List<TraceSummary> _summaries = [];

    private sealed record TraceSummary(string TraceId, long Start, long End, long Count, long Errors, string? RootName, string? RootService,
        string? Services, long Input, long Output, string? Models);

    /// <summary>What needs no database: the days the spans fall on.</summary>
    private void PrepareSpans(IReadOnlyList<PendingBatch> batches)
    {
        foreach (var batch in batches)
            foreach (var span in batch.Spans)
                _spanDays.Add(PostgresDayPartitions.DayOfUnixNano(span.StartUnixNano));
    }

    /// <summary>Stores the group's spans (ids assigned after <paramref name="lastSpanId"/>); called inside the open transaction.</summary>
    private void AppendSpans(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingBatch> batches, long lastSpanId)
    {
        var spanId = lastSpanId;
        foreach (var batch in batches)
        {
            var spans = batch.Spans;
            for (var i = 0; i < spans.Length; i++)
            {
                var s = spans[i] with { Id = ++spanId };
                spans[i] = s;
                if (!_touchedTraces.TryGetValue(s.TraceId, out var ofTrace)) _touchedTraces[s.TraceId] = ofTrace = [];
                ofTrace.Add(s);
            }
        }
        if (_touchedTraces.Count == 0) return;

        var existing = ExistingTraces(connection, transaction);
        var kept = StoredSpanKeys(connection, transaction, existing);
        foreach (var ofTrace in _touchedTraces.Values)
            foreach (var span in ofTrace)
                if (kept.Add((SpanKeys.Of(span.TraceId), SpanKeys.Of(span.SpanId)))) _spans.Add(span);
        if (_spans.Count > 0)
        {
            ResolveResources(connection, transaction);
            InsertSpans(connection, transaction);
        }

        // A trace new to the store is summarised from the spans at hand; one with stored spans from all of them.
        foreach (var (traceId, ofTrace) in _touchedTraces)
            if (!existing.Contains(traceId)) _summaries.Add(SummariseNew(traceId, ofTrace));
        if (existing.Count > 0) SummariseStored(connection, transaction, existing);
        UpsertSummaries(connection, transaction);
    }

    private HashSet<string> ExistingTraces(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        using var command = new NpgsqlCommand(ExistingTracesSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = _touchedTraces.Keys.Select(PostgresText.Clean).ToArray() });
        using var reader = command.ExecuteReader();
        while (reader.Read()) existing.Add(reader.GetString(0));
        return existing;
    }

    private static HashSet<(long, long)> StoredSpanKeys(NpgsqlConnection connection, NpgsqlTransaction transaction, HashSet<string> existing)
    {
        var keys = new HashSet<(long, long)>();
        if (existing.Count == 0) return keys;
        using var command = new NpgsqlCommand(StoredSpanKeysSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = existing.Select(SpanKeys.Of).Distinct().ToArray() });
        using var reader = command.ExecuteReader();
        while (reader.Read()) keys.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return keys;
    }

    private void ResolveResources(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var span in _spans)
            if (span.ResourceJson is { } json && !_resourceIds.ContainsKey(json)) missing.Add(json);
        if (missing.Count == 0) return;
        var texts = missing.ToArray();
        var cleaned = texts.Select(t => PostgresText.Clean(t)!).ToArray();
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = new NpgsqlCommand(ResourceIdsSql, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = cleaned.Distinct(StringComparer.Ordinal).ToArray() });
            using var reader = command.ExecuteReader();
            while (reader.Read()) found[reader.GetString(1)] = reader.GetInt64(0);
        }
        if (_resourceIds.Count + texts.Length > ResourceCacheLimit) _resourceIds.Clear();
        for (var i = 0; i < texts.Length; i++)
        {
            _resourceIds[texts[i]] = found.TryGetValue(cleaned[i], out var id) ? id : null;
            _newResources.Add(texts[i]);
        }
    }

    private void InsertSpans(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var s = _spans;
        using var command = new NpgsqlCommand(InsertSpansSql, connection, transaction);
        void Add<T>(Func<Span, T> value) => command.Parameters.Add(new NpgsqlParameter { Value = s.Select(value).ToArray() });
        Add(x => x.Id);
        Add(x => PostgresText.Clean(x.TraceId));
        Add(x => PostgresText.Clean(x.SpanId));
        Add(x => PostgresText.Clean(x.ParentSpanId));
        Add(x => PostgresText.Clean(x.Name));
        Add(x => (int)x.Kind);
        Add(x => PostgresText.Clean(x.Service));
        Add(x => PostgresText.Clean(x.Scope));
        Add(x => x.StartUnixNano);
        Add(x => x.EndUnixNano);
        Add(x => Math.Max(0, x.EndUnixNano - x.StartUnixNano));
        Add(x => (int)x.Status);
        Add(x => PostgresText.Clean(x.StatusMessage));
        Add(x => PostgresText.Clean(x.AttributesJson));
        Add(x => PostgresText.Clean(x.EventsJson));
        Add(x => PostgresText.Clean(x.LinksJson));
        Add(x => x.ResourceJson is null ? null : _resourceIds[x.ResourceJson]);
        Add(x => x.GenAi is not null);
        Add(x => PostgresText.Clean(x.GenAi?.Model));
        Add(x => x.GenAi?.InputTokens ?? 0);
        Add(x => x.GenAi?.OutputTokens ?? 0);
        Add(x => SpanKeys.Of(x.TraceId));
        Add(x => SpanKeys.Of(x.SpanId));
        command.ExecuteNonQuery();
    }

    private static TraceSummary SummariseNew(string traceId, List<Span> spans)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long start = long.MaxValue, end = long.MinValue, input = 0, output = 0;
        int count = 0, errors = 0;
        Span? root = null;
        var services = new List<string>();
        var models = new List<string>();
        foreach (var span in spans)
        {
            if (!seen.Add(span.SpanId)) continue; // kept once, as the insert did
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
        return new TraceSummary(traceId, start, end, count, errors, root?.Name, root?.Service, JsonList(services), input, output, JsonList(models));
    }

    private void SummariseStored(NpgsqlConnection connection, NpgsqlTransaction transaction, HashSet<string> traces)
    {
        using var command = new NpgsqlCommand(SummariseTracesSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = traces.Select(SpanKeys.Of).Distinct().ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = traces.ToArray() });
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            string? List(int i) => reader.IsDBNull(i) ? null : JsonList(reader.GetFieldValue<string[]>(i));
            _summaries.Add(new TraceSummary(reader.GetString(0), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(1), reader.GetInt64(2),
                Text(9), Text(10), List(7), reader.GetInt64(5), reader.GetInt64(6), List(8)));
        }
    }

    private static string? JsonList(IReadOnlyCollection<string> values) => values.Count == 0 ? null : JsonSerializer.Serialize(values);

    private void UpsertSummaries(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var t = _summaries;
        using var command = new NpgsqlCommand(UpsertTracesSql, connection, transaction);
        void Add<T>(Func<TraceSummary, T> value) => command.Parameters.Add(new NpgsqlParameter { Value = t.Select(value).ToArray() });
        Add(x => PostgresText.Clean(x.TraceId));
        Add(x => x.Start);
        Add(x => x.End);
        Add(x => (int)x.Count);
        Add(x => (int)x.Errors);
        Add(x => PostgresText.Clean(x.RootName));
        Add(x => PostgresText.Clean(x.RootService));
        Add(x => PostgresText.Clean(x.Services));
        Add(x => x.Input);
        Add(x => x.Output);
        Add(x => PostgresText.Clean(x.Models));
        Add(x => SpanKeys.Of(x.TraceId));
        command.ExecuteNonQuery();
    }

    private void ClearSpans(bool committed)
    {
        if (!committed)
        {
            foreach (var json in _newResources) _resourceIds.Remove(json);
            _knownSpanDays.Clear();
        }
        _newResources.Clear();
        _spans.Clear();
        _touchedTraces.Clear();
        _summaries.Clear();
        _spanDays.Clear();
    }
}
