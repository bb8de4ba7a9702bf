using AiLogger.Domain.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// Samples the host AI-Logger runs on every <see cref="SystemMetricsOptions.IntervalSeconds"/> from /proc and stores
/// the points through the one ingestion path, as an OpenTelemetry hostmetrics receiver would send them. Each node
/// samples its own host. Without /proc (not Linux) the notes say what is missing and nothing is stored.
/// </summary>
internal sealed class HostSamplingService(
    IIngestor ingestor, IOptions<SystemMetricsOptions> options, TimeProvider time, ILogger<HostSamplingService> logger) : BackgroundService, Domain.SystemMetrics.IHostSampling
{
    private readonly ProcReader _reader = new();
    private readonly DriveInfoFilesystemSpace _space = new();

    /// <summary>What the last reading could not read (shown on /system).</summary>
    public IReadOnlyList<string> Notes { get; private set; } = [];

    public DateTimeOffset? LastSample { get; private set; }

    public string HostName { get; } = Environment.MachineName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SampleHost) return;
        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        var sampler = new HostMetricsSampler(HostName);
        HostReading? previous = null;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                var reading = _reader.Read((now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100, _space);
                Notes = reading.Notes;
                var points = sampler.Sample(previous, reading, interval);
                previous = reading;
                if (points.Count > 0) await ingestor.IngestAsync(IngestBatch.OfMetrics(points), IngestContext.Anonymous, stoppingToken);
                LastSample = now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is IngestQueueFullException or IngestUnavailableException or IOException or UnauthorizedAccessException)
            {
                // The next sample tries again; a busy writer is not a reason to stop monitoring.
                logger.LogDebug(error, "Host metrics sample not stored");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
