using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AiLogger.Tests.Support;

public static class ApiClientExtensions
{
    public static Task<HttpResponseMessage> PostJsonTextAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostClefAsync(this HttpClient client, string body, string path = "/ingest/clef") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/vnd.serilog.clef"));

    /// <summary>Every event matching <paramref name="query"/>, following <c>next</c> cursors.</summary>
    public static async Task<List<JsonElement>> SearchAllAsync(this HttpClient client, string query)
    {
        var events = new List<JsonElement>();
        string? next = null;
        do
        {
            var url = $"/api/logs/search?limit=1000&q={Uri.EscapeDataString(query)}" + (next is null ? "" : $"&before={next}");
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"search '{query}' answered {(int)response.StatusCode}: {body}");
            using var document = JsonDocument.Parse(body);
            events.AddRange(document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()));
            next = document.RootElement.GetProperty("next").GetString();
        } while (next is not null);
        return events;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<string> ErrorMessageAsync(this HttpResponseMessage response)
    {
        var json = await response.ReadJsonAsync();
        if (json.TryGetProperty("Error", out var seq)) return seq.GetString()!;
        // OTLP routes answer a google.rpc.Status.
        if (json.TryGetProperty("message", out var status) && json.TryGetProperty("code", out _)) return status.GetString()!;
        return json.GetProperty("detail").GetString()!;
    }
}
