using System.Diagnostics;
using System.Globalization;
using System.Net;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Ingest.Formats;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiLogger.Bench;

/// <summary>CLEF batches over HTTP to the real app (or straight into IIngestor with --direct).</summary>
public static class IngestScenario
{
    private const int DistinctBodies = 256;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var batches = Math.Max(1, args.Events / args.Batch);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var bodies = Enumerable.Range(0, Math.Min(batches, DistinctBodies)).Select(b => ClefWorkload.Batch(b, args.Batch, start)).ToArray();
        Console.WriteLine($"ingest: {batches * args.Batch:N0} events in batches of {args.Batch:N0}, {(args.Direct ? "direct IIngestor" : $"HTTP CLEF on {args.Connections} connections")}, " +
            (args.Provider == "postgres" ? "PostgreSQL" : $"SQLite synchronous={args.Synchronous}"));
        var sample = new ClefReader(new EventReaderSettings(Microsoft.Extensions.Options.Options.Create(new AiLogger.Infrastructure.Ingest.IngestOptions()))).Read(bodies[0]);
        Console.WriteLine($"  average event: {bodies.Average(b => b.Length) / args.Batch:N0} bytes of CLEF, rendered message {sample.Average(e => e.Message.Length):N0} characters, {sample.Average(e => System.Text.Json.JsonDocument.Parse(e.PropertiesJson!).RootElement.EnumerateObject().Count()):N1} properties");
        return args.Direct ? await DirectAsync(args, batches, bodies) : await HttpAsync(args, batches, bodies);
    }

    private static async Task<int> HttpAsync(BenchArguments args, int batches, byte[][] bodies)
    {
        await using var server = await BenchServer.StartAsync(args.Synchronous, postgres: args.Provider == "postgres" ? BenchPostgres.Create() : null);
        await WarmUpAsync(server, bodies, args.Warmup);
        var latencies = new List<double>(batches);
        var next = -1;
        var retries = 0;
        var memory = new List<(double Progress, double Rss)>();
        var done = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                memory.Add((Volatile.Read(ref done) / (double)batches, server.Memory().Current));
                try { await Task.Delay(250, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, args.Connections).Select(_ => Task.Run(async () =>
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
            using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Add("X-Seq-ApiKey", BenchServer.ApiKey);
            var mine = new List<double>();
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                var body = bodies[batch % bodies.Length];
                while (true)
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new("application/vnd.serilog.clef");
                    using var response = await client.PostAsync("/ingest/clef", content);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(50);
                        continue;
                    }
                    if (response.StatusCode != HttpStatusCode.Created)
                        throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref done);
                    break;
                }
            }
            lock (latencies) latencies.AddRange(mine);
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        sampling.Cancel();
        await sampler;

        latencies.Sort();
        var (rss, peak) = server.Memory();
        var events = batches * args.Batch;
        Table.Print(
            ["scenario", "events", "seconds", "events/s", "p50 ms", "p99 ms", "503 retries", "peak RSS MB", "RSS now MB", "db MB"],
            [["ingest http", events.ToString("N0", CultureInfo.InvariantCulture), elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
              (events / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
              Percentiles.Of(latencies, 50).ToString("F1", CultureInfo.InvariantCulture), Percentiles.Of(latencies, 99).ToString("F1", CultureInfo.InvariantCulture),
              retries.ToString(CultureInfo.InvariantCulture), peak.ToString("F0", CultureInfo.InvariantCulture), rss.ToString("F0", CultureInfo.InvariantCulture),
              (server.DatabaseBytes() / 1048576.0).ToString("F0", CultureInfo.InvariantCulture)]]);
        var quartiles = new[] { 0.25, 0.5, 0.75, 1.0 }
            .Select(q => memory.Where(m => m.Progress <= q).Select(m => m.Rss).DefaultIfEmpty(0).Max())
            .Select(v => v.ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine($"  server RSS (max so far) at 25/50/75/100% of the run: {string.Join(" / ", quartiles)} MB");
        return 0;
    }

    /// <summary>
    /// Sends <paramref name="events"/> before measuring, so the JIT has compiled the hot paths at their final
    /// tier: the table reports a running server, not one still compiling itself.
    /// </summary>
    private static async Task WarmUpAsync(BenchServer server, byte[][] bodies, int events)
    {
        if (events <= 0) return;
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Seq-ApiKey", BenchServer.ApiKey);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (var i = 0; sent < events; i++)
        {
            using var content = new ByteArrayContent(bodies[i % bodies.Length]);
            content.Headers.ContentType = new("application/vnd.serilog.clef");
            (await client.PostAsync("/ingest/clef", content)).EnsureSuccessStatusCode();
            sent += bodies[0].Count(b => b == (byte)'\n');
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        Console.WriteLine($"  warm-up: {sent:N0} events in {clock.Elapsed.TotalSeconds:F1} s (not counted)");
    }

    private static async Task<int> DirectAsync(BenchArguments args, int batches, byte[][] bodies)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ailogger-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var postgres = args.Provider == "postgres" ? BenchPostgres.Create() : null;
        using var host = postgres is null
            ? await BenchHost.StartAsync(Path.Combine(directory, "bench.db"), new Dictionary<string, string?> { ["AiLogger:Storage:Synchronous"] = args.Synchronous })
            : await BenchHost.StartAsync(postgres.ConnectionString, new Dictionary<string, string?> { ["AiLogger:Storage:Provider"] = "Postgres" });

        var reader = host.Services.GetRequiredService<ClefReader>();
        var parseClock = Stopwatch.StartNew();
        var parsed = bodies.Select(b => (IReadOnlyList<LogEvent>)reader.Read(b)).ToArray();
        var parseRate = parsed.Sum(p => p.Count) / parseClock.Elapsed.TotalSeconds;

        var ingestor = host.Services.GetRequiredService<IIngestor>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, args.Connections).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
                await ingestor.IngestAsync(parsed[batch % parsed.Length], IngestContext.Anonymous, CancellationToken.None);
        })));
        var elapsed = clock.Elapsed;
        await host.StopAsync();

        var events = batches * args.Batch;
        Table.Print(
            ["scenario", "events", "seconds", "events/s", "CLEF parse events/s (1 core)"],
            [["ingest direct", events.ToString("N0", CultureInfo.InvariantCulture), elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
              (events / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture), parseRate.ToString("N0", CultureInfo.InvariantCulture)]]);
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        return 0;
    }
}
