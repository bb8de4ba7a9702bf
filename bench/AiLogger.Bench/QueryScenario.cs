using System.Diagnostics;
using System.Globalization;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiLogger.Bench;

/// <summary>
/// First-page latency of typical searches over the HTTP API on a generated store (7 days, 20 sources, Zipf words),
/// and the 24-hour histogram. The store is generated once per size and reused (bench folder in /tmp).
/// </summary>
public static class QueryScenario
{
    public static async Task<int> RunAsync(BenchArguments args, string[] raw)
    {
        var runs = int.Parse(Value(raw, "--runs") ?? "40", CultureInfo.InvariantCulture);
        // On PostgreSQL the generated store is a database kept between runs, as the SQLite file is.
        var postgres = args.Provider == "postgres" ? BenchPostgres.Named($"ailogger_bench_query_{args.Events}") : null;
        var database = postgres?.ConnectionString ?? Value(raw, "--db") ?? Path.Combine(Path.GetTempPath(), "ailogger-bench", $"query-{args.Events}.db");
        await EnsureStoreAsync(database, args.Events, postgres is null ? null : new Dictionary<string, string?> { ["AiLogger:Storage:Provider"] = "Postgres" });

        await using var server = await BenchServer.StartAsync(args.Synchronous, postgres is null ? database : null, postgres: postgres);
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        var random = new Random(42);

        var scenarios = new (string Name, Func<string> Url)[]
        {
            ("keyword (Zipf rank 50-150)", () => Search(QueryWorkload.Word(random.Next(50, 151)))),
            ("keyword + level>=warning", () => Search($"{QueryWorkload.Word(random.Next(50, 151))} level>=warning")),
            ("source page", () => Search($"source:{QueryWorkload.Source(random.Next(QueryWorkload.Sources))}")),
            ("property comparison duration_ms>900", () => Search($"duration_ms>{random.Next(900, 990)}")),
            ("keyword, most common (rank 1-5)", () => Search(QueryWorkload.Word(random.Next(1, 6)))),
            ("keyword, rare (rank 1500-2000)", () => Search(QueryWorkload.Word(random.Next(1500, 2001)))),
            ("phrase of two words", () => Search($"\"{QueryWorkload.Word(random.Next(1, 4))} {QueryWorkload.Word(random.Next(1, 4))}\"")),
            ("page 5 of a keyword (cursor)", () => null!),
            ("24-hour histogram", () => "/api/logs/aggregate?from=24h&interval=1h"),
            ("24-hour histogram of a keyword", () => $"/api/logs/aggregate?from=24h&interval=1h&q={QueryWorkload.Word(random.Next(50, 151))}"),
        };

        var rows = new List<string[]>();
        foreach (var (name, url) in scenarios)
        {
            var timings = new List<double>(runs);
            for (var run = -3; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                if (name.StartsWith("page 5", StringComparison.Ordinal))
                {
                    string? next = null;
                    var word = QueryWorkload.Word(random.Next(50, 151));
                    for (var page = 0; page < 5; page++)
                    {
                        var body = await GetAsync(client, Search(word) + (next is null ? "" : $"&before={next}"));
                        next = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("next").GetString();
                        if (page < 4) clock.Restart();
                    }
                }
                else
                {
                    await GetAsync(client, url());
                }
                if (run >= 0) timings.Add(clock.Elapsed.TotalMilliseconds);
            }
            timings.Sort();
            rows.Add([name, Percentiles.Of(timings, 50).ToString("F1", CultureInfo.InvariantCulture), Percentiles.Of(timings, 95).ToString("F1", CultureInfo.InvariantCulture), timings[^1].ToString("F1", CultureInfo.InvariantCulture)]);
        }
        Console.WriteLine($"query ({args.Provider}): {args.Events:N0} stored events, {runs} runs each (first page = 100 events, newest first), HTTP on loopback");
        Table.Print(["query", "p50 ms", "p95 ms", "max ms"], rows);
        return 0;

        static string Search(string query) => $"/api/logs/search?limit=100&q={Uri.EscapeDataString(query)}";
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <param name="database">A SQLite file, or a PostgreSQL connection string with the provider in <paramref name="settings"/>.</param>
    internal static async Task EnsureStoreAsync(string database, int events, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (settings is null) Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        using var host = await BenchHost.StartAsync(database, settings);
        var statistics = host.Services.GetRequiredService<ILogStatistics>();
        var stored = (await statistics.GetOverviewAsync(CancellationToken.None)).TotalEvents;
        if (stored >= events)
        {
            Console.WriteLine($"  reusing {database} ({stored:N0} events)");
            await host.StopAsync();
            return;
        }

        Console.WriteLine($"  generating {events:N0} events into {database} …");
        var ingestor = host.Services.GetRequiredService<IIngestor>();
        var workload = new QueryWorkload();
        var end = DateTimeOffset.UtcNow;
        var start = end.AddDays(-7);
        var clock = Stopwatch.StartNew();
        const int batch = 5_000;
        var next = stored;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919 + 13);
            while (true)
            {
                var first = Interlocked.Add(ref next, batch) - batch;
                if (first >= events) return;
                var count = (int)Math.Min(batch, events - first);
                var chunk = new LogEvent[count];
                for (var i = 0; i < count; i++) chunk[i] = workload.Event(random, first + i, events, start, end - start);
                await ingestor.IngestAsync(chunk, IngestContext.Anonymous, CancellationToken.None);
                if (first / batch % 200 == 0) Console.WriteLine($"  … {first + count:N0} ({(first + count) / clock.Elapsed.TotalSeconds:N0}/s)");
            }
        })));
        await host.StopAsync();
        Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F0} s");
    }
}
