using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiLogger.Tests.Alerts;

/// <summary>
/// A real HTTP server on loopback (Kestrel, port 0) that records every POST, per path, and can be told to fail the
/// first N requests of a path with 500 — what a webhook or Slack receiver sees.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedRequest>> _received = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = default!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value!;
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var failing = receiver._failures.TryGetValue(path, out var left) && left > 0;
            if (failing) receiver._failures[path] = left - 1;
            receiver._received.GetOrAdd(path, _ => new ConcurrentQueue<ReceivedRequest>()).Enqueue(new ReceivedRequest(body, headers, failing));
            return failing ? Results.Text("receiver down for the test", statusCode: 500) : Results.Ok();
        });
        await receiver._app.StartAsync();
        receiver.BaseAddress = new Uri(receiver._app.Urls.First());
        return receiver;
    }

    /// <summary>A fresh path on this receiver, for one test's channel.</summary>
    public string NewUrl(out string path)
    {
        path = "/hook/" + Guid.NewGuid().ToString("N")[..12];
        return new Uri(BaseAddress, path).ToString();
    }

    public void FailFirst(string path, int count) => _failures[path] = count;

    public IReadOnlyList<ReceivedRequest> Requests(string path) =>
        _received.TryGetValue(path, out var queue) ? queue.ToList() : [];

    /// <summary>Waits until <paramref name="path"/> got at least <paramref name="count"/> requests.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(string path, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Requests(path).Count < count && DateTime.UtcNow < deadline) await Task.Delay(50);
        var requests = Requests(path);
        Assert.True(requests.Count >= count, $"{path} got {requests.Count} request(s), expected {count}.");
        return requests;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
