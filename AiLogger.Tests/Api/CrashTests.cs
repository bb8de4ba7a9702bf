using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AiLogger.Tests.Support;
using Xunit.Abstractions;

namespace AiLogger.Tests.Api;

/// <summary>DESIGN §2: nothing acknowledged is ever lost, even to kill -9; a batch is stored whole or not at all.</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string Key = "crash-test-key-0123456789abcdef";
    private const int BatchSize = 250;

    [Fact]
    public async Task Every_acknowledged_event_survives_a_SIGKILL_while_batches_are_in_flight()
    {
        using var directory = new TempDirectory();
        var database = directory.File("crash.db");
        var run = Guid.NewGuid().ToString("N");
        var acknowledged = new ConcurrentBag<int>();
        var attempted = new ConcurrentBag<int>();
        var nextBatch = 0;

        await using (var server = await ServerProcess.StartAsync(database, Key))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                client.DefaultRequestHeaders.Add("X-Seq-ApiKey", Key);
                while (!stop.IsCancellationRequested)
                {
                    var batch = Interlocked.Increment(ref nextBatch);
                    attempted.Add(batch);
                    try
                    {
                        using var response = await client.PostAsync("/ingest/clef",
                            new StringContent(Batch(run, batch), Encoding.UTF8, "application/vnd.serilog.clef"));
                        if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add(batch);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // The server is gone.
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 20) await Task.Delay(20);
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

        Assert.True(attempted.Count > acknowledged.Count, "the kill should interrupt batches in flight");

        await using var restarted = await ServerProcess.StartAsync(database, Key);
        using var reader = new HttpClient { BaseAddress = restarted.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-API-Key", Key);
        var stored = await reader.SearchAllAsync($"CrashRun:{run}");
        var perBatch = stored.GroupBy(e => e.GetProperty("properties").GetProperty("Batch").GetInt32())
            .ToDictionary(g => g.Key, g => g.Count());

        foreach (var batch in acknowledged)
            Assert.True(perBatch.TryGetValue(batch, out var count) && count == BatchSize,
                $"acknowledged batch {batch} has {perBatch.GetValueOrDefault(batch)} of {BatchSize} events after the restart");
        Assert.All(perBatch, pair => Assert.Equal(BatchSize, pair.Value));
        output.WriteLine($"{attempted.Count} batches sent, {acknowledged.Count} acknowledged, {perBatch.Count} stored after the kill");
    }

    private static string Batch(string run, int batch)
    {
        var body = new StringBuilder();
        for (var i = 0; i < BatchSize; i++)
            body.Append($$"""{"@t":"2026-11-25T10:00:00Z","@mt":"Crash test event {Seq} of batch {Batch}","Seq":{{i}},"Batch":{{batch}},"CrashRun":"{{run}}"}""").Append('\n');
        return body.ToString();
    }
}
