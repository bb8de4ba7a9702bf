using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AiLogger.Tests.Live;

/// <summary>Scripts tail the stream over Server-Sent Events and over the SignalR hub, with the official clients.</summary>
public sealed class LiveApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task IngestAsync(string run, int from, int count)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var body = "[" + string.Join(',', Enumerable.Range(from, count).Select(i =>
            $$$"""{"message":"live {{{i}}}","level":"{{{(i % 3 == 0 ? "warning" : "info")}}}","details":{"Run":"{{{run}}}","N":{{{i}}}}}""")) + "]";
        using var response = await client.PostJsonTextAsync("/api/logs", body);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Server_sent_events_deliver_every_matching_event_in_order_with_ids()
    {
        var run = Guid.NewGuid().ToString("N");
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync($"/api/logs/stream?q={Uri.EscapeDataString($"Run:{run} level>=warning")}",
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": connected", await reader.ReadLineAsync(timeout.Token));

        await IngestAsync(run, 0, 30);
        await IngestAsync(run, 30, 30);

        var received = new List<(long Id, JsonElement Event)>();
        long? id = null;
        while (received.Count < 20)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line!.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..]);
            if (line.StartsWith("data: ", StringComparison.Ordinal)) received.Add((id!.Value, JsonDocument.Parse(line[6..]).RootElement.Clone()));
        }
        Assert.Equal(Enumerable.Range(0, 60).Where(i => i % 3 == 0).Select(i => $"live {i}"), received.Select(r => r.Event.GetProperty("message").GetString()));
        Assert.Equal(received.Select(r => r.Id), received.Select(r => r.Event.GetProperty("id").GetInt64()));
        Assert.Equal(received.Select(r => r.Id).Order(), received.Select(r => r.Id));
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_replays_what_was_missed_without_duplicates()
    {
        var run = Guid.NewGuid().ToString("N");
        await IngestAsync(run, 0, 10);
        using var client = app.CreateClient(AppFixture.AdminKey);
        var stored = await client.SearchAllAsync($"Run:{run}");
        var fifth = stored.Select(e => e.GetProperty("id").GetInt64()).Order().ElementAt(4);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/logs/stream?q=Run:{run}");
        request.Headers.Add("Last-Event-ID", fifth.ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var messages = new List<string>();
        while (messages.Count < 5)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line!.StartsWith("data: ", StringComparison.Ordinal)) messages.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("message").GetString()!);
        }
        await IngestAsync(run, 10, 2);
        while (messages.Count < 7)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line!.StartsWith("data: ", StringComparison.Ordinal)) messages.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("message").GetString()!);
        }
        Assert.Equal(Enumerable.Range(5, 7).Select(i => $"live {i}"), messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_hub_streams_every_matching_event_in_order(bool keyInQuery)
    {
        var run = Guid.NewGuid().ToString("N");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/logs"), options =>
            {
                if (keyInQuery) options.AccessTokenProvider = () => Task.FromResult<string?>(AppFixture.AdminKey);
                else options.Headers["X-API-Key"] = AppFixture.AdminKey;
            })
            .Build();
        await connection.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stream = connection.StreamAsync<JsonElement>("Tail", $"Run:{run} N<40", timeout.Token);
        var received = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in stream)
            {
                received.Add(e.GetProperty("message").GetString()!);
                if (received.Count == 40) break;
            }
        });
        await Task.Delay(300); // the stream is subscribed once the hub runs Tail
        await IngestAsync(run, 0, 25);
        await IngestAsync(run, 25, 25);

        await reading.WaitAsync(timeout.Token);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"live {i}"), received);
    }

    [Fact]
    public async Task The_hub_refuses_a_missing_key_and_a_malformed_query()
    {
        await using var anonymous = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/logs")).Build();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        Assert.Contains("401", refused.Message);

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/logs"), o => o.Headers["X-API-Key"] = AppFixture.AdminKey).Build();
        await connection.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<JsonElement>("Tail", "level:")) { }
        });
        Assert.Contains("expected a value after 'level:'", error.Message);
    }
}
