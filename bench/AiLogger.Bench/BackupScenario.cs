using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiLogger.Bench;

/// <summary>
/// An online backup of a store of N events while 1,000 events a second keep arriving: how long the snapshot takes,
/// how large it is, and what it does to the ingest latency meanwhile.
/// </summary>
public static class BackupScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = Array.IndexOf(args, "--events") is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1_000_000;
        const int batch = 1_000;
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var bodies = Enumerable.Range(0, 64).Select(b => ClefWorkload.Batch(b, batch, start)).ToArray();
        Console.WriteLine($"backup: a store of {events:N0} events, backed up while 1,000 events/s arrive");
        await using var server = await BenchServer.StartAsync("Normal");
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);

        var fill = Stopwatch.StartNew();
        await Parallel.ForAsync(0, events / batch, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, ct) =>
        {
            while (true)
            {
                using var content = new ByteArrayContent(bodies[n % bodies.Length]) { Headers = { ContentType = new("application/vnd.serilog.clef") } };
                using var response = await client.PostAsync("/ingest/clef", content, ct);
                if (response.StatusCode == HttpStatusCode.Created) return;
                await Task.Delay(50, ct);
            }
        });
        Console.WriteLine($"  filled in {fill.Elapsed.TotalSeconds:F0} s; database {server.DatabaseBytes() / 1048576.0:F0} MB");

        // The load: 100 events every 100 ms, each request timed.
        var during = new List<double>();
        var before = new List<double>();
        var backingUp = false;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var small = ClefWorkload.Batch(999, 100, DateTimeOffset.UtcNow);
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                using var content = new ByteArrayContent(small) { Headers = { ContentType = new("application/vnd.serilog.clef") } };
                using var response = await client.PostAsync("/ingest/clef", content);
                var ms = clock.Elapsed.TotalMilliseconds;
                lock (during) (Volatile.Read(ref backingUp) ? during : before).Add(ms);
                var rest = TimeSpan.FromMilliseconds(100) - clock.Elapsed;
                if (rest > TimeSpan.Zero) await Task.Delay(rest);
            }
        });
        await Task.Delay(5_000);

        Volatile.Write(ref backingUp, true);
        var backupClock = Stopwatch.StartNew();
        using var created = await client.PostAsync("/api/admin/backups", null);
        created.EnsureSuccessStatusCode();
        var took = backupClock.Elapsed;
        Volatile.Write(ref backingUp, false);
        var backup = await created.Content.ReadFromJsonAsync<JsonElement>();
        await stop.CancelAsync();
        await load;

        before.Sort();
        during.Sort();
        Table.Print(
            ["events", "database", "backup", "backup seconds", "ingest p50 / p99 before", "ingest p50 / p99 during", "server peak RSS"],
            [[
                events.ToString("N0", CultureInfo.InvariantCulture),
                $"{server.DatabaseBytes() / 1048576.0:F0} MB",
                $"{backup.GetProperty("bytes").GetInt64() / 1048576.0:F0} MB",
                took.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                $"{Percentiles.Of(before, 50):F1} / {Percentiles.Of(before, 99):F1} ms",
                $"{Percentiles.Of(during, 50):F1} / {Percentiles.Of(during, 99):F1} ms",
                $"{server.Memory().Peak:F0} MB",
            ]]);
        return 0;
    }
}
