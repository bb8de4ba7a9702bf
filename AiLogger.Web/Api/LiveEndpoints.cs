using System.Globalization;
using System.Text.Json;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Web.Security;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>
/// <c>GET /api/logs/stream?q=</c>: Server-Sent Events, one <c>data:</c> line of event JSON per committed event
/// matching the query, each with its id; a client that reconnects with <c>Last-Event-ID</c> first gets what it missed.
/// </summary>
public static class LiveEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private const int ReplayLimit = 1_000;

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.LogsGroup + "/stream", StreamAsync).RequireAuthorization(Policies.ApiRead).Produces(200, contentType: "text/event-stream").WithTags("Live");
        return app;
    }

    private static async Task StreamAsync(HttpContext http, ILiveLogFeed feed, ILogSearch search, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, string? q = null)
    {
        if (!LogEndpoints.TryParseQuery(http, q, out var query, out var error))
        {
            await error.ExecuteAsync(http);
            return;
        }
        var cancellationToken = http.RequestAborted;
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var options = json.Value.SerializerOptions;

        // Subscribe before replaying, so nothing commits unseen between the two; replayed ids are skipped live.
        using var subscription = feed.Subscribe(query, capacity: 10_000);
        long lastSent = 0;
        if (long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var lastEventId))
        {
            foreach (var e in await search.AfterAsync(query, lastEventId, ReplayLimit, cancellationToken))
            {
                await WriteEventAsync(response, e, options, cancellationToken);
                lastSent = e.Id;
            }
        }
        await response.WriteAsync(": connected\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);

        long reportedMissed = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                bool available;
                try
                {
                    available = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }
                if (!available) break;
                while (subscription.Reader.TryRead(out var e))
                {
                    if (e.Id <= lastSent) continue;
                    await WriteEventAsync(response, e, options, cancellationToken);
                }
                var missed = subscription.Missed;
                if (missed > reportedMissed)
                {
                    // Too slow a reader: say how many events it lost, as Seq's and Loki's tails do.
                    await response.WriteAsync($"event: missed\ndata: {{\"missed\":{missed - reportedMissed}}}\n\n", cancellationToken);
                    reportedMissed = missed;
                }
                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    private static Task WriteEventAsync(HttpResponse response, LogEvent e, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        response.WriteAsync($"id: {e.Id.ToString(CultureInfo.InvariantCulture)}\ndata: {JsonSerializer.Serialize(e, options)}\n\n", cancellationToken);
}
