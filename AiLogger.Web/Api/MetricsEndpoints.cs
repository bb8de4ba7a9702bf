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
                Results.Text((await CollectAsync(ingest, queue, http, storage, statistics, ct)).ToPrometheus(), "text/plain; version=0.0.4; charset=utf-8"))
            .RequireAuthorization(Policies.ApiRead).WithTags("Metrics").Produces(200, contentType: "text/plain");
        // The same figures as JSON: one entry per family, each sample with its labels.
        app.MapGet(Routes.MetricsApi + "/summary", async (IngestMeter ingest, IngestQueue queue, HttpMetrics http, IStorageHealth storage, ILogStatistics statistics, CancellationToken ct) =>
                TypedResults.Ok((await CollectAsync(ingest, queue, http, storage, statistics, ct)).Families))
            .RequireAuthorization(Policies.ApiRead).WithTags("Metrics");
        return app;
    }

    private static async Task<Figures> CollectAsync(IngestMeter ingest, IngestQueue queue, HttpMetrics http, IStorageHealth storage, ILogStatistics statistics, CancellationToken ct)
    {
        var overview = await statistics.GetOverviewAsync(ct);
        var figures = new Figures();

        figures.Family("ailogger_events_ingested_total", "counter", "Events committed since start, by level and source.");
        foreach (var ((source, level), count) in ingest.CommittedBySourceAndLevel.OrderBy(p => p.Key.Source, StringComparer.Ordinal).ThenBy(p => p.Key.Level))
            figures.Sample("ailogger_events_ingested_total", count, ("level", level.Name()), ("source", source));

        figures.Histogram("ailogger_ingest_commit_seconds", "Time from a batch entering the ingest queue to its commit.", ingest.CommitLatency);

        figures.Family("ailogger_ingest_queue_events", "gauge", "Events accepted and waiting for the writer.");
        figures.Sample("ailogger_ingest_queue_events", queue.Depth);
        figures.Family("ailogger_ingest_rate_events_per_second", "gauge", "Events committed per second over the last 10 seconds.");
        figures.Sample("ailogger_ingest_rate_events_per_second", overview.EventsPerSecond);
        figures.Family("ailogger_events_stored", "gauge", "Events in the store.");
        figures.Sample("ailogger_events_stored", overview.TotalEvents);
        figures.Family("ailogger_database_bytes", "gauge", "Size of the database file and its write-ahead log.");
        figures.Sample("ailogger_database_bytes", storage.SizeOnDisk());

        figures.Family("ailogger_http_requests_total", "counter", "HTTP requests by method, route and status.");
        foreach (var ((method, route, status), count) in http.Requests.OrderBy(p => p.Key.Route, StringComparer.Ordinal).ThenBy(p => p.Key.Method).ThenBy(p => p.Key.Status))
            figures.Sample("ailogger_http_requests_total", count, ("method", method), ("route", route), ("status", status.ToString(CultureInfo.InvariantCulture)));
        figures.Histogram("ailogger_http_request_duration_seconds", "HTTP request durations by route.",
            http.Durations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Value, new[] { ("route", p.Key) })));

        var process = System.Diagnostics.Process.GetCurrentProcess();
        figures.Family("process_resident_memory_bytes", "gauge", "Resident memory of the AI-Logger process.");
        figures.Sample("process_resident_memory_bytes", process.WorkingSet64);
        figures.Family("process_cpu_seconds_total", "counter", "CPU time used by the AI-Logger process.");
        figures.Sample("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        return figures;
    }

    public sealed record FigureSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record FigureFamily(string Name, string Type, string Help, List<FigureSample> Samples);

    /// <summary>The figures of one scrape, rendered as Prometheus text or returned as JSON.</summary>
    private sealed class Figures
    {
        public List<FigureFamily> Families { get; } = [];

        public void Family(string name, string type, string help) => Families.Add(new FigureFamily(name, type, help, []));

        public void Sample(string name, double value, params (string Name, string Value)[] labels) =>
            Families[^1].Samples.Add(new FigureSample(name, labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal), value));

        public void Histogram(string name, string help, LatencyHistogram histogram) =>
            Histogram(name, help, [(histogram, Array.Empty<(string, string)>())]);

        public void Histogram(string name, string help, IEnumerable<(LatencyHistogram Histogram, (string Name, string Value)[] Labels)> series)
        {
            Family(name, "histogram", help);
            foreach (var (histogram, labels) in series)
            {
                var (cumulative, count, sum) = histogram.Snapshot();
                for (var i = 0; i < histogram.Bounds.Length; i++)
                    Sample(name + "_bucket", cumulative[i], [.. labels, ("le", Format(histogram.Bounds[i]))]);
                Sample(name + "_bucket", count, [.. labels, ("le", "+Inf")]);
                Sample(name + "_sum", sum, labels);
                Sample(name + "_count", count, labels);
            }
        }

        public string ToPrometheus()
        {
            var text = new StringBuilder();
            foreach (var family in Families)
            {
                text.Append("# HELP ").Append(family.Name).Append(' ').Append(family.Help).Append('\n')
                    .Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
                foreach (var sample in family.Samples)
                {
                    text.Append(sample.Name);
                    if (sample.Labels.Count > 0)
                        text.Append('{').AppendJoin(',', sample.Labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")).Append('}');
                    text.Append(' ').Append(Format(sample.Value)).Append('\n');
                }
            }
            return text.ToString();
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
