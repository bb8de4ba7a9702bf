using AiLogger.Domain.Imports;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AiLogger.Tests.Storage;

/// <summary>The PostgreSQL writer on a real server: what one group commit stores, and several writers on one database.</summary>
public sealed class PostgresWriterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private string _connectionString = "";
    private readonly List<IDisposable> _disposables = [];

    public async Task InitializeAsync()
    {
        if (!TestStorage.PostgresAvailable()) return;
        _connectionString = TestStorage.CreatePostgresDatabase();
        await using var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(_connectionString).Options);
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
        if (_connectionString.Length > 0) TestStorage.DropPostgresDatabase(_connectionString);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Events_are_stored_with_increasing_ids_their_columns_and_the_keyword_document()
    {
        ScaleOut.RequirePostgres();
        using var appender = Appender();
        var longTemplate = string.Concat(Enumerable.Range(0, 200).Select(i => Convert.ToHexString(BitConverter.GetBytes(i * 2654435761L)))) + " {Value}";
        var first = Batch(
            Event(Day, "Payment 42 refused by bank", source: "payments", level: LogLevel.Error) with
            {
                MessageTemplate = "Payment {Id} refused by bank",
                Exception = "System.TimeoutException: gateway timed out\n   at Bank.Pay()",
                TraceId = "0af7651916cd43dd8448eb211c80319c",
                SpanId = "b7ad6b7169203331",
                ParentSpanId = "00f067aa0ba902b7",
                EventType = "request",
                PropertiesJson = """{"Id":42,"Bank":"north"}""",
                Tags = ["billing", "critical"],
            },
            Event(Day.AddSeconds(1), "Nul \0 inside", source: "api") with { MessageTemplate = longTemplate });
        appender.Append([first], Now);
        var second = Batch(Event(Day.AddSeconds(2), "Payment 43 refused by bank") with { MessageTemplate = "Payment {Id} refused by bank" });
        appender.Append([second], Now);

        Assert.Equal([1L, 2L], first.Events.Select(e => e.Id));
        Assert.Equal(3, second.Events[0].Id);
        var rows = await QueryAsync(
            "SELECT e.id, e.timestamp, e.level, e.message, t.text, e.source, e.exception, e.trace_id, e.span_id, e.parent_span_id, e.event_type, " +
            "e.properties::text, e.tags::text FROM log_events e LEFT JOIN message_templates t ON t.id = e.template_id ORDER BY e.id");
        Assert.Equal(3, rows.Count);
        Assert.Equal(
            new object?[] { 1L, Day.UtcTicks, 4, "Payment 42 refused by bank", "Payment {Id} refused by bank", "payments",
                "System.TimeoutException: gateway timed out\n   at Bank.Pay()", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "00f067aa0ba902b7",
                "request", """{"Id":42,"Bank":"north"}""", """["billing","critical"]""" },
            rows[0]);
        // PostgreSQL's text holds no NUL; a template longer than a B-tree entry still gets its row.
        Assert.Equal("Nul \uFFFD inside", rows[1][3]);
        Assert.Equal(longTemplate, rows[1][4]);
        Assert.Equal("Payment {Id} refused by bank", rows[2][4]);
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM message_templates"));

        foreach (var e in first.Events.Concat(second.Events))
            Assert.Equal(true, await ScalarAsync("SELECT search = @document::tsvector FROM log_events WHERE id = @id",
                ("document", PostgresSearchDocument.Build(e.Message, e.Exception)), ("id", e.Id)));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM log_events WHERE search @@ '''gateway'' <-> ''timed'''::tsquery"));
    }

    [SkippableFact]
    public async Task Two_writers_on_two_connections_give_ids_in_commit_order_so_a_tail_by_id_misses_nothing()
    {
        ScaleOut.RequirePostgres();
        using var nodeA = Appender();
        using var nodeB = Appender();
        const int batches = 40, size = 50;
        var seen = new List<long>();
        using var stop = new CancellationTokenSource();
        var tail = Task.Run(async () =>
        {
            // A reader paging by id, as the live tail and the API do: it must never step past an id committed later.
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            long last = 0;
            while (true)
            {
                var done = stop.IsCancellationRequested;
                await using var command = new NpgsqlCommand("SELECT id FROM log_events WHERE id > @last ORDER BY id", connection);
                command.Parameters.AddWithValue("last", last);
                await using (var reader = await command.ExecuteReaderAsync())
                    while (await reader.ReadAsync()) seen.Add(last = reader.GetInt64(0));
                if (done) return;
                await Task.Delay(2);
            }
        });
        var writers = new[] { (nodeA, "node-a"), (nodeB, "node-b") }.Select(w => Task.Run(() =>
        {
            var ranges = new List<(long First, long Last)>();
            for (var b = 0; b < batches; b++)
            {
                var batch = Batch(Enumerable.Range(0, size).Select(i => Event(Day.AddMinutes(b).AddMilliseconds(i), $"{w.Item2} {b} {i}", source: w.Item2)).ToArray());
                w.Item1.Append([batch], Now);
                ranges.Add((batch.Events[0].Id, batch.Events[^1].Id));
            }
            return ranges;
        })).ToArray();
        var ranges = (await Task.WhenAll(writers)).SelectMany(r => r).ToList();
        await stop.CancelAsync();
        await tail;

        Assert.Equal(Enumerable.Range(1, 2 * batches * size).Select(i => (long)i), seen);
        Assert.All(ranges, r => Assert.Equal(size - 1, r.Last - r.First));
        Assert.Equal(2L * batches * size, await ScalarAsync("SELECT count(DISTINCT id) FROM log_events"));
    }

    [SkippableFact]
    public async Task A_batch_over_three_days_creates_each_day_partition_and_another_writer_reuses_them()
    {
        ScaleOut.RequirePostgres();
        using var appender = Appender();
        var days = new[] { Day.AddDays(-2), Day.AddDays(-1), Day };
        var batch = new PendingBatch(days.Select(d => Event(d, "on " + d.ToString("yyyy-MM-dd"))).ToArray(),
            days.Select((d, i) => Span("0af7651916cd43dd8448eb211c8031" + i.ToString("00"), "b7ad6b71692033" + i.ToString("00"), d)).ToArray(), null);
        appender.Append([batch], Now);

        foreach (var name in new[] { "20261130", "20261201", "20261202" })
        {
            Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM log_events_{name}"));
            Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM spans_{name}"));
        }
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'log_events'::regclass"));
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'spans'::regclass"));

        // A second node knows none of them yet: IF NOT EXISTS, then the rows land in the same partitions.
        using var other = Appender();
        other.Append([Batch(Event(Day.AddDays(-2).AddHours(1), "late"))], Now);
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM log_events_20261130"));
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'log_events'::regclass"));
    }

    [SkippableFact]
    public async Task Minute_and_hourly_rollups_blocks_and_key_usage_are_maintained_at_write_time()
    {
        ScaleOut.RequirePostgres();
        using var appender = Appender();
        var keyId = (long)(await ScalarAsync(
            "INSERT INTO api_keys (name, prefix, secret_hash, scopes, created_at, events_ingested) VALUES ('k', 'p', 'h', 7, 0, 5) RETURNING id"))!;
        // 5,000 events: ids 1..5000 cross the first block boundary (4,096).
        var events = Enumerable.Range(0, 5_000).Select(i => Event(Day.AddSeconds(i), "e" + i, source: i % 2 == 0 ? "api" : "db",
            level: i % 3 == 0 ? LogLevel.Warning : LogLevel.Information)).ToArray();
        appender.Append([new PendingBatch(events[..3_000], keyId), new PendingBatch(events[3_000..], keyId)], Now);
        appender.Append([new PendingBatch([Event(Day, "one more", source: "api", level: LogLevel.Warning)], keyId)], Now.AddMinutes(5));

        var all = events.Append(Event(Day, "one more", source: "api", level: LogLevel.Warning)).ToList();
        var minutes = all.GroupBy(e => (e.Timestamp.UtcTicks - e.Timestamp.UtcTicks % TimeSpan.TicksPerMinute, e.Source, (int)e.Level))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var stored = (await QueryAsync("SELECT minute, source, level, count FROM log_rollups"))
            .ToDictionary(r => ((long)r[0]!, (string?)r[1], (int)r[2]!), r => (long)r[3]!);
        Assert.Equal(minutes.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));
        var hours = all.GroupBy(e => (e.Timestamp.UtcTicks - e.Timestamp.UtcTicks % TimeSpan.TicksPerHour, e.Source, (int)e.Level))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var storedHours = (await QueryAsync("SELECT hour, source, level, count FROM log_rollups_hourly"))
            .ToDictionary(r => ((long)r[0]!, (string?)r[1], (int)r[2]!), r => (long)r[3]!);
        Assert.Equal(hours.OrderBy(p => p.Key), storedHours.OrderBy(p => p.Key));

        var blocks = await QueryAsync("SELECT block, min_ts, max_ts FROM log_blocks ORDER BY block");
        Assert.Equal(2, blocks.Count);
        Assert.Equal(new object?[] { 0L, Day.UtcTicks, Day.AddSeconds(4094).UtcTicks }, blocks[0]); // ids 1..4095
        Assert.Equal(new object?[] { 1L, Day.UtcTicks, Day.AddSeconds(4999).UtcTicks }, blocks[1]); // ids 4096..5001, the last one at Day

        Assert.Equal(new object?[] { 5L + 5_001, Now.AddMinutes(5).UtcTicks }, (await QueryAsync($"SELECT events_ingested, last_used_at FROM api_keys WHERE id = {keyId}"))[0]);
    }

    [SkippableFact]
    public async Task A_batch_failing_midway_stores_nothing_and_the_next_batch_with_the_same_template_and_day_works()
    {
        ScaleOut.RequirePostgres();
        using var appender = Appender();
        var importId = (long)(await ScalarAsync(
            "INSERT INTO imports (kind, name, path, format, status, fingerprint_length, compressed, total_bytes, bytes_read, read_offset, line_number, " +
            "lines_read, events_imported, lines_rejected, created_at) VALUES ('upload', 'a.log', '/a.log', 'clef', 'running', 0, false, 100, 0, 0, 0, 0, 0, 0, 0) RETURNING id"))!;
        // The rejected line of an import that does not exist breaks the foreign key after the events, spans and
        // rollups were written, inside the same transaction.
        var failing = new PendingBatch([Event(Day, "doomed") with { MessageTemplate = "Doomed {X}" }],
            [Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Day)], null)
        {
            Progress = new ImportProgress { ImportId = importId + 1, Offset = 10, LineNumber = 1, BytesRead = 10, LinesRead = 1, Rejected = [new RejectedLine(1, "bad", "x")] },
        };
        Assert.ThrowsAny<PostgresException>(() => appender.Append([failing], Now));

        foreach (var table in new[] { "log_events", "spans", "traces", "message_templates", "log_rollups", "log_rollups_hourly", "log_blocks", "import_errors" })
            Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM {table}"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'log_events'::regclass"));

        var next = new PendingBatch([Event(Day, "alive") with { MessageTemplate = "Doomed {X}" }],
            [Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Day)], null)
        {
            Progress = new ImportProgress { ImportId = importId, Offset = 10, LineNumber = 1, BytesRead = 10, LinesRead = 1, Rejected = [new RejectedLine(1, "bad", "x")], LinesRejected = 1 },
        };
        appender.Append([next], Now);
        Assert.Equal(1, next.Events[0].Id);
        Assert.Equal(new object?[] { "alive", "Doomed {X}" },
            (await QueryAsync("SELECT e.message, t.text FROM log_events e JOIN message_templates t ON t.id = e.template_id"))[0]);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM spans"));
        Assert.Equal(new object?[] { 10L, 1L, 1L, 1L, 1L, Now.UtcTicks },
            (await QueryAsync($"SELECT read_offset, line_number, lines_read, events_imported, lines_rejected, updated_at FROM imports WHERE id = {importId}"))[0]);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM import_errors"));
    }

    [SkippableFact]
    public async Task A_span_sent_twice_is_stored_once_and_the_trace_summary_counts_it_once()
    {
        ScaleOut.RequirePostgres();
        using var appender = Appender();
        const string trace = "0af7651916cd43dd8448eb211c80319c";
        var root = Span(trace, "00f067aa0ba902b7", Day, service: "gateway") with { Name = "GET /pay", EndUnixNano = SpanTime.ToUnixNano(Day.AddSeconds(2)) };
        var call = Span(trace, "b7ad6b7169203331", Day.AddMilliseconds(100), service: "llm") with
        {
            ParentSpanId = "00f067aa0ba902b7",
            Status = SpanStatus.Error,
            GenAi = new GenAiUsage("gpt-4o", 120, 30),
            ResourceJson = """{"service.name":"llm"}""",
        };
        // The same span twice in one request, then the whole request again (an exporter's retry), then one more span.
        appender.Append([new PendingBatch([], [root, call, call], null)], Now);
        Assert.Equal(new object?[] { 2, """["gateway","llm"]""" }, (await QueryAsync("SELECT span_count, services FROM traces")).Single());
        appender.Append([new PendingBatch([], [root, call], null)], Now);
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM spans"));
        var late = Span(trace, "c7ad6b7169203332", Day.AddSeconds(1), service: "db") with { ParentSpanId = "00f067aa0ba902b7", EndUnixNano = SpanTime.ToUnixNano(Day.AddSeconds(3)) };
        appender.Append([new PendingBatch([], [late], null)], Now);

        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM spans"));
        Assert.Equal(new object?[] { """{"service.name":"llm"}""", true, 120L, 30L, "gpt-4o" },
            (await QueryAsync("SELECT r.json, s.is_gen_ai, s.input_tokens, s.output_tokens, s.gen_ai_model FROM spans s JOIN span_resources r ON r.id = s.resource_id")).Single());
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM span_resources"));
        var summary = (await QueryAsync(
            "SELECT span_count, error_count, root_name, root_service, services, input_tokens, output_tokens, models, start_time, end_time, trace_key FROM traces")).Single();
        Assert.Equal(new object?[] { 3, 1, "GET /pay", "gateway", """["db","gateway","llm"]""", 120L, 30L, """["gpt-4o"]""",
            SpanTime.ToUnixNano(Day), SpanTime.ToUnixNano(Day.AddSeconds(3)), AiLogger.Infrastructure.Persistence.SpanKeys.Of(trace) }, summary);
    }

    private PostgresLogAppender Appender()
    {
        var database = new PostgresDatabase(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AiLogger"] = _connectionString }).Build());
        _disposables.Add(database);
        var appender = new PostgresLogAppender(database);
        return appender;
    }

    private static PendingBatch Batch(params LogEvent[] events) => new(events, null);

    private static LogEvent Event(DateTimeOffset at, string message, string? source = null, LogLevel level = LogLevel.Information) =>
        new() { Timestamp = at, Message = message, Source = source, Level = level };

    private static Span Span(string trace, string span, DateTimeOffset start, string? service = null) => new()
    {
        TraceId = trace,
        SpanId = span,
        Name = "work",
        Service = service,
        StartUnixNano = SpanTime.ToUnixNano(start),
        EndUnixNano = SpanTime.ToUnixNano(start.AddMilliseconds(50)),
    };

    private async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    private async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
