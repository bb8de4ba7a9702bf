using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Alerts;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace AiLogger.Tests.ScaleOutTests;

// The namespace is not AiLogger.Tests.ScaleOut: that would hide Support's ScaleOut (RequirePostgres) from every test.
/// <summary>
/// Two AiLogger.Web processes on one fresh PostgreSQL database and one Redis of the test's own, both on loopback (issue
/// 15's "must show"): what is ingested on A is tailed on B (SSE and the hub) in order and found by a search on B; alert
/// evaluations on both nodes notify once; a file in a folder both watch is imported once; SIGKILL of A loses nothing acknowledged and B keeps serving; a Redis restart
/// is survived by B's tails.
/// </summary>
public sealed class TwoNodeTests
{
    private const string Key = "two-node-admin-key-0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Two_nodes_share_ingest_live_tail_search_alerts_and_imports_and_survive_a_killed_node_and_a_Redis_restart()
    {
        ScaleOut.RequirePostgres();
        await using var redis = await RedisServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var watched = new TempDirectory();
        var database = TestStorage.CreatePostgresDatabase();
        ServerProcess? a = null, b = null;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:AiLogger"] = database,
                ["AiLogger:Storage:Provider"] = "Postgres",
                ["ConnectionStrings:Redis"] = redis.Configuration,
                // Evaluations run when the test asks (on both nodes); deliveries go out quickly.
                ["AiLogger:Alerts:Schedule"] = "0 0 1 1 *",
                ["AiLogger:Alerts:DeliveryPollInterval"] = "00:00:00.2",
                ["AiLogger:Alerts:AllowedHosts"] = "127.0.0.1, ::1",
                ["AiLogger:RateLimits:SignInPerMinute"] = "0",
                // One folder both nodes watch (shared storage, as on a network share); scans run when the test asks.
                ["AiLogger:Imports:Sources:0:Name"] = "shared",
                ["AiLogger:Imports:Sources:0:Path"] = watched.Path,
                ["AiLogger:Imports:Sources:0:Pattern"] = "*.jsonl",
                ["AiLogger:Imports:Sources:0:Format"] = "jsonl",
                ["AiLogger:Imports:AllowedRoots:0"] = watched.Path,
                ["AiLogger:Imports:LinesPerCommit"] = "100",
                ["AiLogger:Imports:ScanSchedule"] = "0 0 1 1 *",
            };
            // One after the other: the first applies the migrations and creates Hangfire's schema.
            a = await ServerProcess.StartAsync(settings, Key);
            b = await ServerProcess.StartAsync(settings, Key);
            using var onA = Client(a);
            using var onB = Client(b);
            var run = "r" + Guid.NewGuid().ToString("N")[..12];

            // A live tail on B, over SSE and over the hub, before anything is ingested.
            using var tails = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var sse = new SseTail(onB, $"Run:{run}", tails.Token);
            await sse.ConnectedAsync();
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(b.BaseAddress, "/hubs/logs"), options => options.Headers["X-API-Key"] = Key).Build();
            await hub.StartAsync(tails.Token);
            var viaHub = new ConcurrentQueue<int>();
            var hubReading = Task.Run(async () =>
            {
                await foreach (var e in hub.StreamAsync<JsonElement>("Tail", $"Run:{run}", tails.Token))
                    viaHub.Enqueue(e.GetProperty("properties").GetProperty("N").GetInt32());
            }, tails.Token);
            await Task.Delay(300);

            // 1. Ingest on A: B's tails get every event in order, and a search on B finds them.
            for (var batch = 0; batch < 10; batch++) await IngestAsync(onA, run, batch * 50, 50);
            var expected = Enumerable.Range(0, 500).ToList();
            await EventuallyAsync(() => sse.Received.Count >= 500 && viaHub.Count >= 500, () => $"B's tails got {sse.Received.Count} (SSE) and {viaHub.Count} (hub) of 500");
            Assert.Equal(expected, sse.Received.Take(500));
            Assert.Equal(expected, viaHub.Take(500));
            var found = await onB.GetFromJsonAsync<JsonElement>($"/api/logs/search?q=Run:{run}&limit=1000");
            Assert.Equal(500, found.GetProperty("events").GetArrayLength());

            // 2. Twenty evaluation cycles on both nodes at once: the rule fires once, its webhook is called once.
            var marker = "al" + Guid.NewGuid().ToString("N")[..12];
            var hook = receiver.NewUrl(out var hookPath);
            var channel = (await onA.CreateAsync("/api/alerts/channels", new { name = "hook " + marker, kind = "webhook", url = hook })).GetProperty("id").GetInt64();
            var rule = (await onA.CreateAsync("/api/alerts/rules", new
            {
                name = "Payment failures " + marker, kind = "logs", query = $"{marker} level>=error", window = "10m", comparison = ">=", threshold = 3,
                cooldown = "1h", severity = "high", notifyOnResolve = true, channels = new[] { channel },
            })).GetProperty("id").GetInt64();
            await onA.IngestAsync(marker, 5);
            for (var cycle = 0; cycle < 20; cycle++) await Task.WhenAll(onA.EvaluateAsync(), onB.EvaluateAsync());
            await receiver.WaitForAsync(hookPath, 1);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Single(receiver.Requests(hookPath));
            Assert.Single(await onB.AlertsAsync(rule));

            // 3. A file in the folder both nodes watch, scanned by both at once, again and again: each line imported once.
            var importRun = run + "i";
            await File.WriteAllLinesAsync(Path.Combine(watched.Path, "app.jsonl"), Enumerable.Range(0, 3_000)
                .Select(n => JsonSerializer.Serialize(new { timestamp = DateTimeOffset.UtcNow.ToString("O"), message = $"imported {n}", level = "info", details = new { Run = importRun, N = n } })));
            for (var round = 0; round < 3; round++)
                await Task.WhenAll(ScanAsync(onA), ScanAsync(onB), ScanAsync(onA), ScanAsync(onB));
            var imported = await SearchAllAsync(onB, $"Run:{importRun}");
            Assert.Equal(Enumerable.Range(0, 3_000), imported.Order());

            // 4. SIGKILL of A while it is being written to: every acknowledged event is there, and B keeps serving.
            var killRun = run + "k";
            var acknowledged = new ConcurrentBag<int>();
            var writing = Task.Run(async () =>
            {
                for (var batch = 0; batch < 200; batch++)
                {
                    try
                    {
                        await IngestAsync(onA, killRun, batch * 20, 20);
                        foreach (var n in Enumerable.Range(batch * 20, 20)) acknowledged.Add(n);
                    }
                    catch (Exception error) when (error is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
                    {
                        return;
                    }
                }
            });
            await EventuallyAsync(() => acknowledged.Count >= 400, () => $"{acknowledged.Count} events acknowledged before the kill");
            a.Kill();
            await writing;
            var stored = await SearchAllAsync(onB, $"Run:{killRun}");
            Assert.Empty(acknowledged.Except(stored));
            await IngestAsync(onB, run + "b", 0, 10);
            Assert.Equal(10, (await SearchAllAsync(onB, $"Run:{run}b")).Count);

            // 5. A node again, then a Redis restart: B's tails resume with what is committed on the other node afterwards.
            await a.DisposeAsync();
            a = await ServerProcess.StartAsync(settings, Key);
            using var onA2 = Client(a);
            redis.Stop();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await IngestAsync(onA2, run, 10_000, 5);
            await redis.StartAgainAsync();
            var before = (sse.Received.Count, viaHub.Count);
            var probe = 20_000;
            await EventuallyAsync(async () =>
            {
                await IngestAsync(onA2, run, probe++, 1);
                return sse.Received.Count > before.Item1 && viaHub.Count > before.Item2;
            }, () => "B's tails receive again after the Redis restart");
            await IngestAsync(onA2, run, 30_000, 50);
            var after = Enumerable.Range(30_000, 50).ToList();
            await EventuallyAsync(() => sse.Received.Contains(30_049) && viaHub.Contains(30_049), () => "the last batch reaches B's tails");
            Assert.Equal(after, sse.Received.Where(n => n >= 30_000));
            Assert.Equal(after, viaHub.Where(n => n >= 30_000));

            await tails.CancelAsync();
            await Task.WhenAny(hubReading, Task.Delay(2_000));
        }
        catch (Exception) when (Diagnose(a, b))
        {
            throw;
        }
        finally
        {
            if (a is not null) await a.DisposeAsync();
            if (b is not null) await b.DisposeAsync();
            TestStorage.DropPostgresDatabase(database);
        }
    }

    /// <summary>Puts the servers' last log lines beside a failure (never swallows it).</summary>
    private static bool Diagnose(ServerProcess? a, ServerProcess? b)
    {
        Console.Error.WriteLine($"node A said:\n{a?.Output}\nnode B said:\n{b?.Output}");
        return false;
    }

    private static HttpClient Client(ServerProcess server)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-API-Key", Key);
        return client;
    }

    private static async Task IngestAsync(HttpClient client, string run, int first, int count)
    {
        // Details as a dictionary: PostAsJsonAsync camel-cases an anonymous type's names ("run", "n"), and the queries and
        // reads here name the properties Run and N.
        var events = Enumerable.Range(first, count).Select(n => new
        {
            level = "information", message = $"{run} event {n}", component = "two-node",
            details = new Dictionary<string, object> { ["Run"] = run, ["N"] = n },
        });
        using var response = await client.PostAsJsonAsync("/api/logs", events);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task ScanAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/imports/scan", null);
        Assert.True(response.IsSuccessStatusCode, $"scan answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<List<int>> SearchAllAsync(HttpClient client, string query)
    {
        var numbers = new List<int>();
        string? next = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/logs/search?q={Uri.EscapeDataString(query)}&limit=1000" +
                                                                  (next is null ? "" : $"&before={Uri.EscapeDataString(next)}"));
            numbers.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("properties").GetProperty("N").GetInt32()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
        } while (next is not null);
        return numbers;
    }

    private static Task EventuallyAsync(Func<bool> condition, Func<string> what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out: {what()}");
            await Task.Delay(100);
        }
    }

    /// <summary>GET /api/logs/stream read line by line in the background; the N property of each event, in arrival order.</summary>
    private sealed class SseTail
    {
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<int> _received = new();

        public SseTail(HttpClient client, string query, CancellationToken cancellationToken) =>
            _ = Task.Run(() => ReadAsync(client, query, cancellationToken), cancellationToken);

        public IReadOnlyCollection<int> Received => _received;

        public Task ConnectedAsync() => _connected.Task.WaitAsync(Patience);

        private async Task ReadAsync(HttpClient client, string query, CancellationToken cancellationToken)
        {
            try
            {
                using var streaming = new HttpClient { BaseAddress = client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
                streaming.DefaultRequestHeaders.Add("X-API-Key", Key);
                using var response = await streaming.GetAsync($"/api/logs/stream?q={Uri.EscapeDataString(query)}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line == ": connected") _connected.TrySetResult();
                    if (!line.StartsWith("data: {\"id\"", StringComparison.Ordinal)) continue;
                    using var json = JsonDocument.Parse(line["data: ".Length..]);
                    _received.Enqueue(json.RootElement.GetProperty("properties").GetProperty("N").GetInt32());
                }
            }
            catch (Exception error) when (error is OperationCanceledException or HttpRequestException or IOException)
            {
                _connected.TrySetException(error);
            }
        }
    }
}
