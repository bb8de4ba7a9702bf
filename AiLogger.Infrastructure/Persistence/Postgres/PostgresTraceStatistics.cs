using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Trace figures, as SQLite's statistics make them. The overview reads the trace summaries by start; the LLM figures
/// read GenAI spans through the partial index <c>ix_spans_gen_ai</c> (<c>WHERE is_gen_ai</c>) of each day partition,
/// which covers what they aggregate. Every read runs under the search time budget.
/// </summary>
internal sealed class PostgresTraceStatistics(PostgresDatabase database, TimeProvider time, IOptions<SearchOptions> options) : ITraceStatistics
{
    /// <summary>Durations read at most for the latency percentiles; past that the calls are sampled by span key.</summary>
    public const int MaxLatencySample = 100_000;

    /// <summary>Models listed at most (a model name is data, so a misbehaving client could send many).</summary>
    public const int MaxModels = 200;

    private const long NanosPerDay = 86_400_000_000_000;
    private readonly TimeSpan _budget = options.Value.QueryTimeout;

    public async Task<TraceOverview> GetOverviewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hourAgo = SpanTime.ToUnixNano(now.AddHours(-1));
        var midnight = SpanTime.ToUnixNano(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        return await ReadAsync(async connection =>
        {
            var sql = new SqlQuery();
            var since = sql.Add(hourAgo);
            var today = sql.Add(midnight);
            await using var command = sql.Command(connection,
                $"SELECT (SELECT count(*) FROM traces AS t WHERE t.start_time >= {since}), " +
                $"(SELECT count(*) FROM traces AS t WHERE t.start_time >= {since} AND t.error_count > 0), " +
                $"(SELECT COALESCE(sum(s.input_tokens + s.output_tokens), 0)::bigint FROM spans AS s WHERE s.is_gen_ai AND s.start_time >= {today})");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new TraceOverview { TracesLastHour = reader.GetInt64(0), ErrorTracesLastHour = reader.GetInt64(1), LlmTokensToday = reader.GetInt64(2) };
        }, cancellationToken);
    }

    public async Task<LlmUsageReport> GetLlmUsageAsync(LlmUsageRequest request, CancellationToken cancellationToken)
    {
        if (request.To <= request.From) throw new ArgumentOutOfRangeException(nameof(request), "The range is empty: 'from' must be before 'to'.");
        if (request.To - request.From > LlmUsageRequest.MaxRange)
            throw new ArgumentOutOfRangeException(nameof(request), $"The range is longer than {LlmUsageRequest.MaxRange.TotalDays:0} days.");
        var top = Math.Clamp(request.TopTraces, 0, LlmUsageRequest.MaxTopTraces);

        return await ReadAsync(async connection =>
        {
            var daily = await DailyAsync(connection, request, cancellationToken);
            var calls = daily.GroupBy(d => d.Model).ToDictionary(g => g.Key ?? string.Empty, g => g.Sum(d => d.Calls));
            var latencies = await LatenciesAsync(connection, request, calls.Values.Sum(), cancellationToken);
            var models = daily.GroupBy(d => d.Model)
                .Select(g =>
                {
                    var sample = latencies.TryGetValue(g.Key ?? string.Empty, out var list) ? list : [];
                    sample.Sort();
                    return new LlmModelUsage
                    {
                        Model = g.Key,
                        Calls = g.Sum(d => d.Calls),
                        Errors = g.Sum(d => d.Errors),
                        InputTokens = g.Sum(d => d.InputTokens),
                        OutputTokens = g.Sum(d => d.OutputTokens),
                        P50Ms = Percentile(sample, 0.50),
                        P95Ms = Percentile(sample, 0.95),
                        LatencySample = sample.Count,
                    };
                })
                .OrderByDescending(m => m.Calls).ThenBy(m => m.Model, StringComparer.Ordinal)
                .Take(MaxModels)
                .ToList();
            var traces = top == 0 ? [] : await TopTracesAsync(connection, request, top, cancellationToken);
            return new LlmUsageReport { From = request.From, To = request.To, Daily = daily, Models = models, TopTraces = traces };
        }, cancellationToken);
    }

    /// <summary>
    /// The GenAI spans of the request, alias <c>g</c>: the covering index by start, the service in its NOCASE
    /// collation, and, for a trace query, one span of the same trace (alias <c>s</c>, as the translator writes it) matching.
    /// </summary>
    private static string Conditions(LlmUsageRequest request, SqlQuery sql)
    {
        var where = new List<string>
        {
            "g.is_gen_ai",
            $"g.start_time >= {sql.Add(SpanTime.ToUnixNano(request.From))}",
            $"g.start_time < {sql.Add(SpanTime.ToUnixNano(request.To))}",
        };
        if (!string.IsNullOrWhiteSpace(request.Service)) where.Add(PostgresTraceQueryTranslator.TextCondition("g.service", request.Service.Trim(), sql));
        if (request.Query.Root is { } root)
            where.Add($"EXISTS (SELECT 1 FROM spans AS {PostgresTraceQueryTranslator.Alias} WHERE {PostgresTraceQueryTranslator.Alias}.trace_key = g.trace_key " +
                      $"AND {PostgresTraceQueryTranslator.Alias}.trace_id = g.trace_id AND {PostgresTraceQueryTranslator.Translate(root, sql)})");
        return string.Join(" AND ", where);
    }

    private const string GenAiSpans = "spans AS g";

    private static async Task<List<LlmDailyUsage>> DailyAsync(NpgsqlConnection connection, LlmUsageRequest request, CancellationToken cancellationToken)
    {
        var sql = new SqlQuery();
        var text = $"SELECT g.start_time / {NanosPerDay} AS day, g.gen_ai_model, count(*), sum(g.input_tokens)::bigint, sum(g.output_tokens)::bigint, count(*) FILTER (WHERE g.status = 2) " +
                   $"FROM {GenAiSpans} WHERE {Conditions(request, sql)} GROUP BY day, g.gen_ai_model ORDER BY day, g.gen_ai_model COLLATE \"C\"";
        var days = new List<LlmDailyUsage>();
        await using var command = sql.Command(connection, text);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new LlmDailyUsage(DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(reader.GetInt64(0))),
                reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        return days;
    }

    /// <summary>
    /// Durations in milliseconds per model ("" for none): all of them up to <see cref="MaxLatencySample"/> calls, else
    /// every n-th by span key (random for real span ids, so an unbiased sample whose size each model shares by its calls).
    /// </summary>
    private static async Task<Dictionary<string, List<double>>> LatenciesAsync(NpgsqlConnection connection, LlmUsageRequest request, long calls, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        if (calls == 0) return result;
        var stride = (calls + MaxLatencySample - 1) / MaxLatencySample;
        var sql = new SqlQuery();
        var sampled = stride > 1 ? $" AND g.span_key % {sql.Add(stride)} = 0" : "";
        var text = $"SELECT g.gen_ai_model, g.duration FROM {GenAiSpans} WHERE {Conditions(request, sql)}{sampled} LIMIT {MaxLatencySample}";
        await using var command = sql.Command(connection, text);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var model = reader.IsDBNull(0) ? string.Empty : reader.GetString(0);
            if (!result.TryGetValue(model, out var list)) result[model] = list = [];
            list.Add(reader.GetInt64(1) / 1_000_000.0);
        }
        return result;
    }

    /// <summary>Nearest rank on sorted values; null without any.</summary>
    internal static double? Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// The traces with the most GenAI tokens: ranked by trace id in the covering index (not by trace key: ids padded
    /// from 64 bits share theirs), then their tokens per model and their summaries read for those few traces only.
    /// </summary>
    private static async Task<List<LlmTraceUsage>> TopTracesAsync(NpgsqlConnection connection, LlmUsageRequest request, int top, CancellationToken cancellationToken)
    {
        var sql = new SqlQuery();
        var text = $"WITH ranked AS (SELECT g.trace_id AS trace_id, min(g.trace_key) AS trace_key, sum(g.input_tokens + g.output_tokens) AS total FROM {GenAiSpans} " +
                   $"WHERE {Conditions(request, sql)} GROUP BY g.trace_id ORDER BY total DESC, g.trace_id COLLATE \"C\" LIMIT {top}) " +
                   $"SELECT g.trace_id, g.gen_ai_model, count(*), sum(g.input_tokens)::bigint, sum(g.output_tokens)::bigint, min(t.root_name), min(t.root_service), min(t.start_time) " +
                   $"FROM ranked JOIN spans AS g ON g.trace_key = ranked.trace_key AND g.trace_id = ranked.trace_id LEFT JOIN traces AS t ON t.trace_id = g.trace_id " +
                   $"WHERE {Conditions(request, sql)} GROUP BY g.trace_id, g.gen_ai_model";
        var traces = new Dictionary<string, (LlmTraceUsage Trace, List<LlmModelTokens> Models)>(StringComparer.Ordinal);
        await using var command = sql.Command(connection, text);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var traceId = reader.GetString(0);
            if (!traces.TryGetValue(traceId, out var entry))
            {
                var models = new List<LlmModelTokens>();
                entry = (new LlmTraceUsage
                {
                    TraceId = traceId,
                    Models = models,
                    RootName = reader.IsDBNull(5) ? null : reader.GetString(5),
                    RootService = reader.IsDBNull(6) ? null : reader.GetString(6),
                    StartTime = reader.IsDBNull(7) ? default : SpanTime.FromUnixNano(reader.GetInt64(7)),
                }, models);
                traces[traceId] = entry;
            }
            entry.Models.Add(new LlmModelTokens(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        foreach (var (_, models) in traces.Values) models.Sort((x, y) => (y.InputTokens + y.OutputTokens).CompareTo(x.InputTokens + x.OutputTokens));
        return traces.Values.Select(e => e.Trace)
            .OrderByDescending(t => t.TotalTokens).ThenBy(t => t.TraceId, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken) =>
        PostgresReads.RunAsync(database, _budget, read, cancellationToken);
}
