using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Cli;

/// <summary><c>ailogger tail --json</c> across a server restart: it reconnects with Last-Event-ID and misses nothing.</summary>
public sealed class CliTailTests : IDisposable
{
    private const string Key = "cli-tail-key-0123456789abcdef";
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Tail_json_receives_events_stored_after_it_started_and_resumes_after_the_server_restarts()
    {
        var port = ServerProcess.FreePort();
        var database = _directory.File("tail.db");
        var server = await ServerProcess.StartAsync(database, Key, port);
        using var cli = new Cli(server.BaseAddress, Key);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", Key);
        (await client.PostAsJsonAsync("/api/logs", new { message = "before the tail", source = "cli-tail" })).EnsureSuccessStatusCode();

        var output = new Cli.Capture();
        var error = new Cli.Capture();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var tail = AiLogger.Cli.CliApp.RunAsync(["tail", "source:cli-tail", "--json"], cli.Host(output, error), stop.Token);
        try
        {
            await WaitAsync(() => error.ToString().Contains("Following", StringComparison.Ordinal), "the tail to connect", error);
            for (var i = 1; i <= 3; i++)
                (await client.PostAsJsonAsync("/api/logs", new { message = $"live {i}", source = "cli-tail" })).EnsureSuccessStatusCode();
            await WaitAsync(() => Lines(output).Count == 3, "three live events", error);

            await server.DisposeAsync();
            await WaitAsync(() => error.ToString().Contains("retrying", StringComparison.Ordinal), "the tail to notice", error);
            server = await ServerProcess.StartAsync(database, Key, port);
            // Stored while the tail is still away: it must get them when it reconnects.
            using var again = new HttpClient { BaseAddress = server.BaseAddress };
            again.DefaultRequestHeaders.Add("X-API-Key", Key);
            for (var i = 4; i <= 5; i++)
                (await again.PostAsJsonAsync("/api/logs", new { message = $"live {i}", source = "cli-tail" })).EnsureSuccessStatusCode();
            await WaitAsync(() => Lines(output).Count >= 5, "the events stored across the restart", error);
            (await again.PostAsJsonAsync("/api/logs", new { message = "live 6", source = "cli-tail" })).EnsureSuccessStatusCode();
            await WaitAsync(() => Lines(output).Count >= 6, "an event after the reconnection", error);

            var events = Lines(output);
            Assert.Equal(["live 1", "live 2", "live 3", "live 4", "live 5", "live 6"], events.Select(e => e.GetProperty("message").GetString()));
            var ids = events.Select(e => e.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Contains("Reconnected.", error.ToString());
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await tail);
            await server.DisposeAsync();
        }
    }

    private static List<JsonElement> Lines(Cli.Capture output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static async Task WaitAsync(Func<bool> condition, string what, Cli.Capture error)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            if (condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Waited 30 s for {what}. The tail said:\n{error}");
    }

    public void Dispose() => _directory.Dispose();
}
