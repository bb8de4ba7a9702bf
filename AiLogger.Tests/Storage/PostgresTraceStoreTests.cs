using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Storage;

/// <summary>
/// The PostgreSQL trace store against SQLite's on the same rows: spans written by SQLite's writer through the one
/// ingestion path, copied row for row into a PostgreSQL database (day partitions, padded 64-bit ids, case variants of
/// services, attributes of every JSON type, logs of traces); every answer must be the same.
/// </summary>
public sealed class PostgresTraceStoreTests(PostgresTraceRows rows) : IClassFixture<PostgresTraceRows>
{
    private static readonly long Base = PostgresTraceRows.Base;
    private const long Minute = PostgresTraceRows.Minute;
    private static readonly string Padded = PostgresTraceRows.Padded;
    private static readonly string PaddedTwin = PostgresTraceRows.PaddedTwin;
    private InfrastructureHost _sqlite => rows.Sqlite;
    private PostgresTestStore _postgres => rows.Postgres;

    public static TheoryData<string> Queries => new()
    {
        "", "service:shop", "service:SHOP", "service:sho*", "service:*ING", "status:error", "service:db status:error", "query", "QUERY", "\"db query\"",
        "cart", "http.status_code:500", "http.status_code>=500", "http.status_code:5*", "user:alice", "user:ALI*", "user>B", "flag:true", "flag:TRUE",
        "ratio>0.4", "ratio:0.5", "has:gen_ai", "has:exception", "has:http", "has:db.system", "has:nothing", "-service:billing", "NOT user:alice",
        "duration>5ms", "duration<=2ms", "kind:server", "kind:client status:error", "name:\"GET /cart\"", "name:chat*", "http.route!=/cart",
        $"trace:{Padded}", $"trace:{PaddedTwin} name:\"db query\"", $"span:{11 * 10 + 2:x16}", "service:shop OR service:db", "(user:bob OR flag:true) -status:error",
        "missing:x", "NOT missing:x", "rows:12", "rows>100",
    };

    [SkippableTheory]
    [MemberData(nameof(Queries))]
    public async Task Every_page_equals_the_sqlite_stores(string query)
    {
        ScaleOut.RequirePostgres();
        var parsed = TraceQuery.Parse(query);
        foreach (var (from, to) in new (DateTimeOffset?, DateTimeOffset?)[]
                 {
                     (null, null),
                     (SpanTime.FromUnixNano(Base + 30 * Minute), SpanTime.FromUnixNano(Base + 90 * Minute)),
                 })
        {
            var request = new TraceSearchRequest { Query = parsed, From = from, To = to, Limit = 17 };
            var sqlite = await AllPagesAsync(_sqlite.Get<ITraceStore>(), request);
            var postgres = await AllPagesAsync(_postgres.Get<ITraceStore>(), request);
            Assert.Equal(Json(sqlite), Json(postgres));
            // Every query of the list but these matches something, so the comparison is never between two empty lists.
            if (from is null && query is not ("has:nothing" or "missing:x" or "rows>100")) Assert.NotEmpty(postgres);

            Assert.Equal(Json(await _sqlite.Get<ITraceStore>().CountServicesAsync(request, 1000, CancellationToken.None)),
                Json(await _postgres.Get<ITraceStore>().CountServicesAsync(request, 1000, CancellationToken.None)));
            // A bounded sample: the same newest traces (or spans) on both.
            Assert.Equal(Json(await _sqlite.Get<ITraceStore>().CountServicesAsync(request, 7, CancellationToken.None)),
                Json(await _postgres.Get<ITraceStore>().CountServicesAsync(request, 7, CancellationToken.None)));
        }
    }

    [SkippableFact]
    public async Task The_data_spans_two_day_partitions_and_queries_find_rows_in_both()
    {
        ScaleOut.RequirePostgres();
        Assert.Equal(2L, await _postgres.ScalarAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'spans'::regclass"));
        var all = await AllPagesAsync(_postgres.Get<ITraceStore>(), new TraceSearchRequest { Query = TraceQuery.Parse("service:shop"), Limit = 50 });
        Assert.Equal(107, all.Count); // t % 3 != 2 of 160, "Shop" and "shop" alike
        Assert.Contains(all, t => t.StartUnixNano < Base + 60 * Minute);
        Assert.Contains(all, t => t.StartUnixNano >= Base + 60 * Minute);
    }

    [SkippableFact]
    public async Task A_trace_reads_the_same_spans_and_logs_and_padded_twins_stay_apart()
    {
        ScaleOut.RequirePostgres();
        foreach (var traceId in new[] { Padded, PaddedTwin, $"{10:x8}{9 * 7919 + 13:x24}", $"{0xabc:x32}", "ffffffffffffffffffffffffffffffff" })
        {
            var sqlite = await _sqlite.Get<ITraceStore>().GetAsync(traceId, CancellationToken.None);
            var postgres = await _postgres.Get<ITraceStore>().GetAsync(traceId, CancellationToken.None);
            Assert.Equal(Json(sqlite), Json(postgres));
        }
        var padded = (await _postgres.Get<ITraceStore>().GetAsync(Padded, CancellationToken.None))!;
        var twin = (await _postgres.Get<ITraceStore>().GetAsync(PaddedTwin, CancellationToken.None))!;
        Assert.Equal(3, padded.Spans.Count); // t = 0: root, db query, a chat call
        Assert.Equal(2, twin.Spans.Count);
        Assert.All(padded.Spans, s => Assert.Equal(Padded, s.TraceId));
        Assert.Single(padded.Logs); // t = 0 logs once (t % 9 == 0)
        Assert.True((await _postgres.Get<ITraceStore>().GetAsync($"{0xabc:x32}", CancellationToken.None))!.FromLogs);
    }

    [SkippableFact]
    public async Task Rows_an_older_version_keyed_0_for_a_padded_id_are_still_read()
    {
        ScaleOut.RequirePostgres();
        var key = await _postgres.ScalarAsync($"SELECT min(trace_key) FROM spans WHERE trace_id = '{Padded}'");
        Assert.Equal(0x4bf92f3577b34da6L, key);
        Assert.Equal(3L, await _postgres.ScalarAsync($"WITH moved AS (UPDATE spans SET trace_key = 0 WHERE trace_id = '{Padded}' RETURNING 1) SELECT count(*) FROM moved"));
        try
        {
            Assert.Equal(3, (await _postgres.Get<ITraceStore>().GetAsync(Padded, CancellationToken.None))!.Spans.Count);
            var found = await _postgres.Get<ITraceStore>().SearchAsync(new TraceSearchRequest { Query = TraceQuery.Parse($"trace:{Padded}") }, CancellationToken.None);
            Assert.Equal(Padded, Assert.Single(found.Traces).TraceId);
        }
        finally
        {
            // The rows are shared by the class's tests.
            await _postgres.ScalarAsync($"UPDATE spans SET trace_key = {key} WHERE trace_id = '{Padded}'");
        }
    }

    [SkippableFact]
    public async Task A_query_past_its_budget_is_stopped_by_the_server_as_too_expensive()
    {
        ScaleOut.RequirePostgres();
        await using var postgres = await PostgresTestStore.CreateAsync(new Dictionary<string, string?> { ["AiLogger:Search:QueryTimeout"] = "00:00:00.05" });
        await postgres.CopyFromSqliteAsync(rows.Directory.File("store.db"));
        // Enough spans that reading every one's attributes as JSON takes far longer than 50 ms.
        await postgres.ScalarAsync(
            "INSERT INTO spans (id, trace_id, span_id, trace_key, span_key, name, kind, service, start_time, end_time, duration, status, attributes, is_gen_ai, input_tokens, output_tokens) " +
            $"SELECT 1000000 + g, 'bulk', lpad(to_hex(g), 16, '0'), 7, g, 'bulk', 0, 'bulk', {Base} + g, {Base} + g + 1, 1, 0, " +
            "'{\"user\":\"carol\",\"pad\":\"' || repeat('x', 200) || '\"}', false, 0, 0 FROM generate_series(1, 400000) AS g");

        var store = postgres.Get<ITraceStore>();
        var error = await Assert.ThrowsAsync<QueryTooExpensiveException>(() =>
            store.SearchAsync(new TraceSearchRequest { Query = TraceQuery.Parse("user:nobody") }, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMilliseconds(50), error.Budget);
    }

    private static async Task<List<TraceSummary>> AllPagesAsync(ITraceStore store, TraceSearchRequest request)
    {
        var seen = new List<TraceSummary>();
        TraceCursor? cursor = null;
        do
        {
            var page = await store.SearchAsync(request with { Before = cursor }, CancellationToken.None);
            Assert.True(page.Traces.Count <= request.Limit);
            seen.AddRange(page.Traces);
            cursor = page.Next;
        } while (cursor is not null && seen.Count < 1000);
        return seen;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
