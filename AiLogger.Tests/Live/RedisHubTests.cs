using System.Text.Json;
using AiLogger.Domain.Live;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Live;

/// <summary>The whole app with <c>ConnectionStrings:Redis</c>: the hub runs on the Redis backplane and the UI stays up without Redis.</summary>
public sealed class RedisHubTests
{
    private sealed class RedisAppFixture(string redis) : AppFixture(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis });

    [SkippableFact]
    public async Task The_hub_tails_over_the_Redis_backplane_and_pages_still_answer_while_Redis_is_down()
    {
        await using var redis = await RedisServer.StartAsync();
        var app = new RedisAppFixture(redis.Configuration);
        try
        {
            await app.InitializeAsync();
            Assert.Equal("RedisLiveConnection", app.Services.GetRequiredService<ILiveFanOutStatus>().GetType().Name);
            Assert.IsType<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<AiLogger.Web.Hubs.LogHub>>(
                app.Services.GetRequiredService<Microsoft.AspNetCore.SignalR.HubLifetimeManager<AiLogger.Web.Hubs.LogHub>>());
            var status = app.Services.GetRequiredService<ILiveFanOutStatus>();
            for (var i = 0; i < 200 && status.Paused; i++) await Task.Delay(50);
            Assert.False(status.Paused, status.Reason);

            var run = Guid.NewGuid().ToString("N");
            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.BaseAddress, "/hubs/logs"), options => options.Headers["X-API-Key"] = AppFixture.AdminKey).Build();
            await connection.StartAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var received = new List<string>();
            var reading = Task.Run(async () =>
            {
                await foreach (var e in connection.StreamAsync<JsonElement>("Tail", $"Run:{run}", timeout.Token))
                {
                    received.Add(e.GetProperty("message").GetString()!);
                    if (received.Count == 20) break;
                }
            });
            await Task.Delay(300);
            using var client = app.CreateClient(AppFixture.AdminKey);
            using var response = await client.PostAsync("/api/logs", new StringContent(
                JsonSerializer.Serialize(Enumerable.Range(0, 20).Select(i => new { message = $"hub {i}", details = new { Run = run } })),
                System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            await reading;
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"hub {i}"), received);

            redis.Stop();
            for (var i = 0; i < 200 && !status.Paused; i++) await Task.Delay(50);
            Assert.True(status.Paused);
            // The UI's circuits do not go through Redis: pages and ingestion answer as before.
            using var page = await new HttpClient { BaseAddress = app.BaseAddress }.GetAsync("/login");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            using var during = await client.PostAsync("/api/logs", new StringContent("""{"message":"during the outage"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Created, during.StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
