using System.Globalization;
using System.Text;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary><c>GET /metrics</c>: Prometheus text exposition (format 0.0.4) of AI-Logger's own and its ingested-data figures.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.Metrics, async (IngestMeter ingest, IngestQueue queue, HttpMetrics http, IStorageHealth storage, ILogStatistics statistics, CancellationToken ct) =>
        {
            var overview = await statistics.GetOverviewAsync(ct);
            var text = new StringBuilder();

            Family(text, "ailogger_events_ingested_total", "counter", "Events committed since start, by level and source.");
            foreach (var ((source, level), count) in ingest.CommittedBySourceAndLevel.OrderBy(p => p.Key.Source, StringComparer.Ordinal).ThenBy(p => p.Key.Level))
                Sample(text, "ailogger_events_ingested_total", count, ("level", level.Name()), ("source", source));

            Histogram(text, "ailogger_ingest_commit_seconds", "Time from a batch entering the ingest queue to its commit.", ingest.CommitLatency);

            Family(text, "ailogger_ingest_queue_events", "gauge", "Events accepted and waiting for the writer.");
            Sample(text, "ailogger_ingest_queue_events", queue.Depth);
            Family(text, "ailogger_ingest_rate_events_per_second", "gauge", "Events committed per second over the last 10 seconds.");
            Sample(text, "ailogger_ingest_rate_events_per_second", overview.EventsPerSecond);
            Family(text, "ailogger_events_stored", "gauge", "Events in the store.");
            Sample(text, "ailogger_events_stored", overview.TotalEvents);
            Family(text, "ailogger_database_bytes", "gauge", "Size of the database file and its write-ahead log.");
            Sample(text, "ailogger_database_bytes", storage.SizeOnDisk());

            Family(text, "ailogger_http_requests_total", "counter", "HTTP requests by method, route and status.");
            foreach (var ((method, route, status), count) in http.Requests.OrderBy(p => p.Key.Route, StringComparer.Ordinal).ThenBy(p => p.Key.Method).ThenBy(p => p.Key.Status))
                Sample(text, "ailogger_http_requests_total", count, ("method", method), ("route", route), ("status", status.ToString(CultureInfo.InvariantCulture)));
            Histogram(text, "ailogger_http_request_duration_seconds", "HTTP request durations by route.",
                http.Durations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Value, new[] { ("route", p.Key) })));

            var process = System.Diagnostics.Process.GetCurrentProcess();
            Family(text, "process_resident_memory_bytes", "gauge", "Resident memory of the AI-Logger process.");
            Sample(text, "process_resident_memory_bytes", process.WorkingSet64);
            Family(text, "process_cpu_seconds_total", "counter", "CPU time used by the AI-Logger process.");
            Sample(text, "process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);

            return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        }).RequireAuthorization(Policies.ApiRead).WithTags("Metrics").Produces(200, contentType: "text/plain");
        return app;
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
            text.Append('{').AppendJoin(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")).Append('}');
        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static void Histogram(StringBuilder text, string name, string help, LatencyHistogram histogram) =>
        Histogram(text, name, help, [(histogram, Array.Empty<(string, string)>())]);

    private static void Histogram(StringBuilder text, string name, string help, IEnumerable<(LatencyHistogram Histogram, (string Name, string Value)[] Labels)> series)
    {
        Family(text, name, "histogram", help);
        foreach (var (histogram, labels) in series)
        {
            var (cumulative, count, sum) = histogram.Snapshot();
            for (var i = 0; i < histogram.Bounds.Length; i++)
                Sample(text, name + "_bucket", cumulative[i], [.. labels, ("le", Format(histogram.Bounds[i]))]);
            Sample(text, name + "_bucket", count, [.. labels, ("le", "+Inf")]);
            Sample(text, name + "_sum", sum, labels);
            Sample(text, name + "_count", count, labels);
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
