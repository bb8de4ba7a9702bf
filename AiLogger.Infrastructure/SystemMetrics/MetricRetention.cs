using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// Metric retention per resolution (raw points, minute and hour rollups, each with its own days), run by the
/// retention job. Deletes go a time window at a time, so the writer gets the database back between two of them.
/// Series with nothing left (last seen before the hour rollups' cutoff) go last.
/// </summary>
internal sealed class MetricRetention(IDbContextFactory<AiLoggerDbContext> contexts, IOptions<SystemMetricsOptions> options)
{
    private static readonly long Window = TimeSpan.FromMinutes(10).Ticks * 100;

    /// <returns>Rows deleted (points, rollups, series).</returns>
    public async Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        long deleted = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var rawCutoff = MetricStore.ToNanos(now.AddDays(-o.RawRetentionDays));
        if (await db.MetricPoints.MinAsync(p => (long?)p.Time, cancellationToken) is { } oldestPoint)
            for (var start = oldestPoint; start < rawCutoff; start += Window)
            {
                var end = Math.Min(start + Window, rawCutoff);
                deleted += await db.MetricPoints.Where(p => p.Time >= start && p.Time < end).ExecuteDeleteAsync(cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }

        foreach (var (resolution, days) in new[] { (RollupResolution.Minute, o.MinuteRetentionDays), (RollupResolution.Hour, o.HourRetentionDays) })
        {
            var res = (int)resolution;
            var cutoff = MetricStore.ToNanos(now.AddDays(-days));
            var window = resolution == RollupResolution.Hour ? Window * 6 * 24 : Window;
            if (await db.MetricRollups.Where(r => r.Resolution == res).MinAsync(r => (long?)r.Bucket, cancellationToken) is not { } oldest) continue;
            for (var start = oldest; start < cutoff; start += window)
            {
                var end = Math.Min(start + window, cutoff);
                deleted += await db.MetricRollups.Where(r => r.Resolution == res && r.Bucket >= start && r.Bucket < end).ExecuteDeleteAsync(cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
        }

        var seriesCutoff = MetricStore.ToNanos(now.AddDays(-Math.Max(o.HourRetentionDays, Math.Max(o.MinuteRetentionDays, o.RawRetentionDays))));
        deleted += await db.MetricSeries.Where(s => s.LastSeen < seriesCutoff).ExecuteDeleteAsync(cancellationToken);
        return deleted;
    }
}
