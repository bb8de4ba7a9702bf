using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Storage;

/// <summary>
/// The rows both stores are read over, made once per test class: spans written by SQLite's writer through the one
/// ingestion path, copied row for row into a PostgreSQL database.
/// </summary>
public sealed class PostgresTraceRows : IAsyncLifetime
{
    // Traces start from 23:00 on, so they fall on two days: two partitions.
    internal static readonly long Base = SpanTime.ToUnixNano(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero));
    internal const long Minute = 60_000_000_000;
    internal static readonly string Padded = $"{0:x16}{0x4bf92f3577b34da6:x16}";
    internal static readonly string PaddedTwin = $"{0:x16}{0xa3ce929d0e0e4736:x16}";
    public TempDirectory Directory { get; } = new();
    public InfrastructureHost Sqlite { get; private set; } = default!;
    public PostgresTestStore Postgres { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        // Each test asks for the server itself, so that a missing one skips (or fails) it with the reason.
        if (!TestStorage.PostgresAvailable()) return;
        Sqlite = await InfrastructureHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AiLogger"] = $"Data Source={Directory.File("store.db")}",
            ["AiLogger:Storage:Provider"] = "Sqlite",
        });
        var spans = new List<Span>();
        var events = new List<LogEvent>();
        for (var t = 0; t < 160; t++)
        {
            var traceId = t == 0 ? Padded : t == 1 ? PaddedTwin : $"{t + 1:x8}{t * 7919 + 13:x24}";
            var start = Base + t * Minute;
            var root = $"{t * 10 + 1:x16}";
            var service = (t % 3) switch { 0 => "Shop", 1 => "shop", _ => "billing" };
            var failed = t % 7 == 0;
            // Padded twins share their span ids: only the trace id tells them apart.
            string SpanId(int i) => t <= 1 ? $"{i + 1:x16}" : $"{t * 10 + i + 1:x16}";
            spans.Add(new Span
            {
                TraceId = traceId, SpanId = SpanId(0), Name = "GET /cart", Kind = SpanKind.Server, Service = service,
                StartUnixNano = start, EndUnixNano = start + (t % 11 + 1) * 1_000_000,
                AttributesJson = $$"""{"http.status_code":{{(failed ? 500 : 200)}},"user":"{{(t % 2 == 0 ? "alice" : "Bob")}}","flag":{{(t % 4 == 0 ? "true" : "false")}},"ratio":{{t % 10 / 10.0}},"http.route":"/cart"}""",
                Status = failed ? SpanStatus.Error : SpanStatus.Unset,
            });
            spans.Add(new Span
            {
                TraceId = traceId, SpanId = SpanId(1), ParentSpanId = SpanId(0), Name = "db query", Kind = SpanKind.Client, Service = "db",
                StartUnixNano = start + 100_000, EndUnixNano = start + 100_000 + t * 50_000,
                AttributesJson = """{"db.system":"postgresql","rows":12}""",
                // Failed every 5th, and an exception recorded (status unset) on others.
                Status = t % 5 == 0 ? SpanStatus.Error : SpanStatus.Unset,
                EventsJson = t % 5 == 3 ? """[{"name":"exception","attributes":{"exception.type":"Timeout"}}]""" : null,
            });
            if (t % 2 == 0)
                spans.Add(new Span
                {
                    TraceId = traceId, SpanId = SpanId(2), ParentSpanId = SpanId(0), Name = $"chat {(t % 4 == 0 ? "gpt-4o" : "claude")}", Service = service,
                    StartUnixNano = start + 200_000, EndUnixNano = start + 200_000 + 3_000_000,
                    GenAi = new GenAiUsage(t % 4 == 0 ? "gpt-4o" : "claude", 100 + t, 10 + t),
                    AttributesJson = """{"gen_ai.request.model":"gpt-4o","gen_ai.usage.input_tokens":100}""",
                });
            if (t % 9 == 0)
                events.Add(new LogEvent
                {
                    Timestamp = SpanTime.FromUnixNano(start + 150_000), Level = LogLevel.Warning, Message = $"slow cart {t}", Source = service,
                    TraceId = traceId, SpanId = SpanId(1), PropertiesJson = """{"attempt":2}""", Tags = ["cart"],
                });
        }
        // Logs of a trace that sent no span: its tree is built from the logs.
        events.Add(new LogEvent { Timestamp = SpanTime.FromUnixNano(Base), Message = "only logs", TraceId = $"{0xabc:x32}", SpanId = $"{1:x16}" });
        foreach (var chunk in spans.Chunk(97))
            await Sqlite.Get<IIngestor>().IngestAsync(new IngestBatch([], chunk), IngestContext.Anonymous, CancellationToken.None);
        await Sqlite.Get<IIngestor>().IngestAsync(new IngestBatch(events, []), IngestContext.Anonymous, CancellationToken.None);

        Postgres = await PostgresTestStore.CreateAsync();
        await Postgres.CopyFromSqliteAsync(Directory.File("store.db"));
    }

    public async Task DisposeAsync()
    {
        if (Postgres is not null) await Postgres.DisposeAsync();
        if (Sqlite is not null) await Sqlite.DisposeAsync();
        Directory.Dispose();
    }

}
