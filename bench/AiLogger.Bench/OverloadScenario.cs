using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiLogger.Bench;

/// <summary>
/// More load than the writer can take: many connections posting large CLEF batches without pause for a while, each
/// honouring Retry-After when refused. Reports what was acknowledged and refused, whether every acknowledged event
/// is stored, and the server's resident memory at its peak.
/// </summary>
public static class OverloadScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Int(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length
            ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var connections = Int("--connections", 64);
        var batch = Int("--batch", 5_000);
        var seconds = Int("--seconds", 20);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var bodies = Enumerable.Range(0, 16).Select(b => ClefWorkload.Batch(b, batch, start)).ToArray();
        Console.WriteLine($"overload: {connections} connections posting {batch:N0}-event CLEF batches ({bodies.Average(b => b.Length) / 1048576.0:F1} MB each) for {seconds} s");

        // --in-flight and --queue try other admission budgets (AiLogger:Ingest:MaxInFlightBytes, QueueCapacity).
        var environment = new Dictionary<string, string>();
        if (Int("--in-flight", 0) is > 0 and var inFlight) environment["AiLogger__Ingest__MaxInFlightBytes"] = inFlight.ToString(CultureInfo.InvariantCulture);
        if (Int("--queue", 0) is > 0 and var queue) environment["AiLogger__Ingest__QueueCapacity"] = queue.ToString(CultureInfo.InvariantCulture);
        await using var server = await BenchServer.StartAsync("Normal", environment: environment);
        long accepted = 0, refused = 0, failed = 0, acknowledged = 0;
        var peakSampled = 0.0;
        var peakAnonymous = 0.0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakSampled = Math.Max(peakSampled, server.Memory().Current);
                peakAnonymous = Math.Max(peakAnonymous, server.MemoryBreakdown().Anonymous);
                try { await Task.Delay(100, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
            using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Add("X-Seq-ApiKey", BenchServer.ApiKey);
            for (var n = c; !stop.IsCancellationRequested; n += connections)
            {
                using var content = new ByteArrayContent(bodies[n % bodies.Length]);
                content.Headers.ContentType = new("application/vnd.serilog.clef");
                HttpResponseMessage response;
                try
                {
                    // Not cancelled by the deadline: a request in flight is finished, so its answer is known.
                    response = await client.PostAsync("/ingest/clef", content);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref accepted);
                        Interlocked.Add(ref acknowledged, batch);
                    }
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref refused);
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        try { await Task.Delay(wait, stop.Token); } catch (OperationCanceledException) { }
                    }
                    else Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        await sampler;
        var memory = server.Memory();

        using var reader = new HttpClient { BaseAddress = server.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        var stored = (await reader.GetFromJsonAsync<JsonElement>("/api/logs/aggregate")).GetProperty("total").GetInt64();

        Table.Print(
            ["connections", "batch", "seconds", "201", "503", "other", "events acknowledged", "events stored", "lost", "events/s", "RSS peak", "anonymous peak", "RSS at end"],
            [[
                connections.ToString(CultureInfo.InvariantCulture), batch.ToString("N0", CultureInfo.InvariantCulture),
                elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                accepted.ToString("N0", CultureInfo.InvariantCulture), refused.ToString("N0", CultureInfo.InvariantCulture),
                failed.ToString("N0", CultureInfo.InvariantCulture), acknowledged.ToString("N0", CultureInfo.InvariantCulture),
                stored.ToString("N0", CultureInfo.InvariantCulture), (acknowledged - stored).ToString("N0", CultureInfo.InvariantCulture),
                (acknowledged / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
                $"{memory.Peak:F0} MB", $"{peakAnonymous:F0} MB", $"{memory.Current:F0} MB",
            ]]);
        return acknowledged == stored ? 0 : 1;
    }
}
