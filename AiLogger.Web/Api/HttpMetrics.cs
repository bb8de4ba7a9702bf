using System.Collections.Concurrent;
using System.Diagnostics;
using AiLogger.Infrastructure.Ingest;

namespace AiLogger.Web.Api;

/// <summary>HTTP requests by method, route pattern and status, and their durations, for <c>/metrics</c>.</summary>
public sealed class HttpMetrics
{
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, LatencyHistogram> _durations = new();

    public IReadOnlyDictionary<(string Method, string Route, int Status), long> Requests => _requests;

    public IReadOnlyDictionary<string, LatencyHistogram> Durations => _durations;

    /// <summary>Methods counted by name; anything else a client invents is <c>OTHER</c>, so requests cannot add series.</summary>
    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
        { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" };

    public void Record(string method, string route, int status, TimeSpan duration)
    {
        method = KnownMethods.TryGetValue(method, out var known) ? known : "OTHER";
        _requests.AddOrUpdate((method, route, status), 1, (_, n) => n + 1);
        _durations.GetOrAdd(route, _ => new LatencyHistogram()).Record(duration);
    }
}

public static class HttpMetricsMiddleware
{
    /// <summary>Times every request; the route label is the endpoint's pattern, so ids in paths do not multiply series.</summary>
    public static IApplicationBuilder UseHttpMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<HttpMetrics>();
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next();
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText
                            ?? (context.Request.Path.StartsWithSegments("/_blazor") ? "/_blazor" : "unmatched");
                metrics.Record(context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        });
    }
}
