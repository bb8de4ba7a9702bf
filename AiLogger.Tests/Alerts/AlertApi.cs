using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Alerts;

/// <summary>Calls the tests make through the real API.</summary>
internal static class AlertApi
{
    public static string Marker() => "al" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<JsonElement> CreateAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<long> WebhookChannelAsync(this HttpClient client, string url, string? secret = null, string kind = "webhook") =>
        (await client.CreateAsync("/api/alerts/channels", new { name = "hook " + Marker(), kind, url, secret })).GetProperty("id").GetInt64();

    public static async Task IngestAsync(this HttpClient client, string marker, int count, string source = "checkout", string level = "error", TimeSpan? ago = null)
    {
        var at = DateTimeOffset.UtcNow - (ago ?? TimeSpan.Zero);
        var events = Enumerable.Range(0, count).Select(i => new
        {
            timestamp = at.AddMilliseconds(-i).ToString("O"),
            level,
            message = $"payment failed {marker} #{i}",
            component = source,
        });
        using var response = await client.PostAsJsonAsync("/api/logs", events);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task<JsonElement> EvaluateAsync(this HttpClient client)
    {
        using var response = await client.PostAsync("/api/alerts/evaluate", null);
        var json = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"evaluate answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static JsonElement RuleIn(JsonElement evaluation, long ruleId) =>
        evaluation.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("ruleId").GetInt64() == ruleId);

    public static async Task<List<JsonElement>> AlertsAsync(this HttpClient client, long ruleId, string? state = null)
    {
        using var response = await client.GetAsync($"/api/alerts?rule={ruleId}" + (state is null ? "" : $"&state={state}"));
        var json = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/alerts answered {(int)response.StatusCode}: {json}");
        return json.EnumerateArray().ToList();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var json = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds (or the time is up, then returns the last value).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }
}
