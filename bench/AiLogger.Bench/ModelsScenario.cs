using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiLogger.Bench;

/// <summary>
/// Model monitoring (issue 7): a classifier's predictions over the HTTP API, half of them validated, then the metrics
/// job, window queries and the drift job, on the real app in its own process.
/// </summary>
public static class ModelsScenario
{
    private const string Model = "bench-classifier";

    public static async Task<int> RunAsync(string[] args)
    {
        var predictions = Int(args, "--predictions", 1_000_000);
        var days = Int(args, "--days", 90);
        var classes = Int(args, "--classes", 10);
        var batch = Int(args, "--batch", 5_000);
        var connections = Int(args, "--connections", 2);
        var runs = Int(args, "--runs", 40);
        var workload = new ModelWorkload(predictions, days, classes, DateTimeOffset.UtcNow);

        Console.WriteLine($"models: {predictions:N0} predictions over {days} days, {classes} classes, 50 % validated; batches of {batch:N0} on {connections} connections");
        var clock = Stopwatch.StartNew();
        var batches = (predictions + batch - 1) / batch;
        var predictionBodies = Enumerable.Range(0, batches).Select(b => workload.Predictions(b * batch, Math.Min(batch, predictions - b * batch))).ToArray();
        var validationBodies = Enumerable.Range(0, batches).Select(b => workload.Validations(b * batch, Math.Min(batch, predictions - b * batch))).ToArray();
        Console.WriteLine($"  generated {predictionBodies.Sum(b => (long)b.Length) / 1048576.0:N0} MB of prediction JSON ({predictionBodies.Average(b => b.Length) / batch:N0} bytes each) and validations in {clock.Elapsed.TotalSeconds:F1} s");

        // The recurring jobs are parked: the bench runs each job when it measures it.
        await using var server = await BenchServer.StartAsync("Normal", environment: new Dictionary<string, string>
        {
            ["AiLogger__Models__Schedule"] = "0 0 1 1 *",
            ["AiLogger__Models__DriftSchedule"] = "0 0 1 1 *",
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        (await client.PostAsJsonAsync("/api/models", new { name = Model, version = "1.0", classes = workload.Classes })).EnsureSuccessStatusCode();

        var rows = new List<string[]>();
        var (seconds, latencies) = await SendAsync(server, $"/api/models/{Model}/predictions", predictionBodies, connections);
        rows.Add(Row("ingest predictions (HTTP JSON)", predictions, seconds, latencies));
        var validations = predictions / 2;
        (seconds, latencies) = await SendAsync(server, $"/api/models/{Model}/validations", validationBodies, connections);
        rows.Add(Row("ingest validations (HTTP JSON)", validations, seconds, latencies));
        var afterIngest = server.Memory();
        var afterIngestSplit = server.MemoryBreakdown();

        var metricsRuns = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var recompute = await PostJsonAsync(client, $"/api/models/{Model}/recompute?wait=true");
            metricsRuns.Add(recompute.GetProperty("metricsMs").GetDouble());
            if (run == 0) Console.WriteLine($"  metrics job: {recompute.GetProperty("days").GetInt32()} days of counts");
        }
        Phase(server, "after the metrics job");
        rows.Add([$"metrics job ({predictions:N0} predictions), 3 runs", predictions.ToString("N0", CultureInfo.InvariantCulture),
            string.Join(" / ", metricsRuns.Select(ms => (ms / 1000).ToString("F2", CultureInfo.InvariantCulture))), "", "", ""]);

        var to = workload.End;
        var from = to.AddDays(-30);
        var window = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        var sample = await GetJsonAsync(client, $"/api/models/{Model}/metrics?{window}");
        Console.WriteLine($"  30-day window: {sample.GetProperty("predictions").GetInt64():N0} predictions, {sample.GetProperty("validated").GetInt64():N0} validated, " +
                          $"accuracy {sample.GetProperty("accuracy").GetDouble():F4}, macro F1 {sample.GetProperty("f1").GetProperty("macro").GetDouble():F4}, estimated accuracy {sample.GetProperty("estimatedAccuracy").GetDouble():F4}");
        rows.Add(await TimeAsync(client, "GET metrics, 30-day window", $"/api/models/{Model}/metrics?{window}", runs));
        rows.Add(await TimeAsync(client, "GET metrics, whole 90 days", $"/api/models/{Model}/metrics?from={Uri.EscapeDataString(workload.Start.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}", runs));
        rows.Add(await TimeAsync(client, "GET metrics/daily, 30 days", $"/api/models/{Model}/metrics/daily?{window}", runs));
        rows.Add(await TimeAsync(client, "GET models (list with health)", "/api/models", runs));

        Phase(server, "after the window queries");
        var referenceTo = workload.Start.AddDays(60);
        (await client.PostAsJsonAsync($"/api/models/{Model}/reference", new { from = workload.Start, to = referenceTo })).EnsureSuccessStatusCode();
        var driftRuns = new List<double>();
        JsonElement last = default;
        for (var run = 0; run < 3; run++)
        {
            last = await PostJsonAsync(client, $"/api/models/{Model}/recompute?wait=true");
            driftRuns.Add(last.GetProperty("driftMs").GetDouble());
            Phase(server, $"after drift run {run + 1}");
        }
        rows.Add(["drift job (60-day period vs last 7 days), 3 runs", "", string.Join(" / ", driftRuns.Select(ms => (ms / 1000).ToString("F2", CultureInfo.InvariantCulture))), "", "", ""]);
        foreach (var d in last.GetProperty("drift").EnumerateArray())
            Console.WriteLine($"  drift {d.GetProperty("feature").GetString(),-16} {d.GetProperty("method").GetString(),-15} statistic {d.GetProperty("statistic").GetDouble(),8:F4}  " +
                              $"drifted {d.GetProperty("drifted").GetBoolean(),-5}  psi {d.GetProperty("psi").GetDouble():F4} ({d.GetProperty("psiLevel").GetString()})  " +
                              $"reference {d.GetProperty("referenceCount").GetInt64():N0}, current {d.GetProperty("currentCount").GetInt64():N0}");
        rows.Add(await TimeAsync(client, "GET drift", $"/api/models/{Model}/drift", runs));

        Table.Print(["step", "items", "seconds", "items/s", "p50 ms", "p95 ms"], rows);
        var (rss, peak) = server.Memory();
        var split = server.MemoryBreakdown();
        Console.WriteLine($"  server RSS after ingest {afterIngest.Current:F0} MB ({afterIngestSplit.Anonymous:F0} anonymous + {afterIngestSplit.File:F0} mapped files), " +
                          $"at the end {rss:F0} MB ({split.Anonymous:F0} anonymous + {split.File:F0} mapped files: binaries, the database's memory map and WAL index), peak {peak:F0} MB; " +
                          $"database {server.DatabaseBytes() / 1048576.0:F0} MB");
        return 0;
    }

    private static void Phase(BenchServer server, string phase)
    {
        var (anonymous, mapped) = server.MemoryBreakdown();
        Console.WriteLine($"  server memory {phase}: {anonymous:F0} MB anonymous + {mapped:F0} MB mapped files");
    }

    private static async Task<(double Seconds, List<double> Latencies)> SendAsync(BenchServer server, string path, byte[][] bodies, int connections)
    {
        var next = -1;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
            using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
            var mine = new List<double>();
            int b;
            while ((b = Interlocked.Increment(ref next)) < bodies.Length)
            {
                while (true)
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var content = new ByteArrayContent(bodies[b]);
                    content.Headers.ContentType = new("application/json");
                    using var response = await client.PostAsync(path, content);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        await Task.Delay(100);
                        continue;
                    }
                    if (response.StatusCode != HttpStatusCode.Created)
                        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    break;
                }
            }
            lock (latencies) latencies.AddRange(mine);
        })));
        latencies.Sort();
        return (clock.Elapsed.TotalSeconds, latencies);
    }

    private static string[] Row(string step, int items, double seconds, List<double> latencies) =>
    [
        step, items.ToString("N0", CultureInfo.InvariantCulture), seconds.ToString("F2", CultureInfo.InvariantCulture),
        (items / seconds).ToString("N0", CultureInfo.InvariantCulture),
        Percentiles.Of(latencies, 50).ToString("F1", CultureInfo.InvariantCulture), Percentiles.Of(latencies, 95).ToString("F1", CultureInfo.InvariantCulture),
    ];

    private static async Task<string[]> TimeAsync(HttpClient client, string step, string url, int runs)
    {
        var timings = new List<double>(runs);
        for (var run = -3; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await GetJsonAsync(client, url);
            if (run >= 0) timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        return [step, $"{runs} runs", "", "", Percentiles.Of(timings, 50).ToString("F1", CultureInfo.InvariantCulture), Percentiles.Of(timings, 95).ToString("F1", CultureInfo.InvariantCulture)];
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
