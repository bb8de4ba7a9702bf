using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Storage;

/// <summary>
/// Hangfire recurring job: applies the retention policy — events by their rule's days (or the default), predictions,
/// then the size limit, oldest data first — a small batch at a time. Resolved alerts are pruned by the alert evaluator.
/// </summary>
internal sealed class RetentionJob(
    IRetentionStore store, IRetentionSettingsStore settings, IOptions<RetentionOptions> options, ScaleOut.ClusterLocks locks, TimeProvider time,
    ILogger<RetentionJob> logger, SystemMetrics.MetricRetention metrics)
{
    public const string RecurringJobId = "retention";

    /// <returns>Rows deleted: events, spans and predictions.</returns>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        // One node at a time: two would count the same size over the limit and both delete the oldest rows.
        await using var held = await locks.AcquireAsync(RecurringJobId, cancellationToken);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        cancellationToken = token.Token;
        var policy = (await settings.GetAsync(cancellationToken)).Policy;
        var batch = options.Value.BatchSize;
        var now = time.GetUtcNow();
        long events = 0;
        for (var rule = 0; rule <= policy.Rules.Count; rule++)
        {
            var index = rule == policy.Rules.Count ? IRetentionStore.DefaultRule : rule;
            var days = index == IRetentionStore.DefaultRule ? policy.EventDays : policy.Rules[index].Days;
            if (days == 0) continue;
            var cutoff = now.AddDays(-days);
            events += await RepeatAsync(() => store.DeleteEventsAsync(policy, index, cutoff, batch, cancellationToken), batch, cancellationToken);
            await store.DeleteRollupsAsync(policy, index, cutoff, cancellationToken);
        }

        // Spans are kept as long as events (they are read together: a trace's logs beside its spans).
        long spans = 0;
        if (policy.EventDays > 0)
        {
            var cutoff = now.AddDays(-policy.EventDays);
            spans = await RepeatAsync(() => store.DeleteSpansAsync(cutoff, batch, cancellationToken), batch, cancellationToken);
        }

        long predictions = 0;
        if (policy.PredictionDays > 0)
        {
            var cutoff = now.AddDays(-policy.PredictionDays);
            predictions = await RepeatAsync(() => store.DeletePredictionsAsync(cutoff, batch, cancellationToken), batch, cancellationToken);
        }

        // Metrics keep their own days per resolution (AiLogger:SystemMetrics).
        var metricRows = await metrics.RunAsync(now, cancellationToken);
        if (metricRows > 0) logger.LogInformation("Retention deleted {Rows} metric points, rollups and series", metricRows);

        long capped = 0;
        if (policy.MaxDatabaseBytes is { } max)
        {
            while (await store.UsedBytesAsync(cancellationToken) > max)
            {
                var deleted = await store.DeleteOldestAsync(batch, cancellationToken);
                if (deleted == 0) break;
                capped += deleted;
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
            if (capped > 0)
                logger.LogWarning("The store was over its size limit of {Limit:N0} bytes: the oldest {Rows} rows were deleted", max, capped);
        }

        if (events + capped > 0) await store.DeleteEmptyBlocksAsync(cancellationToken);
        if (events + predictions + spans > 0)
            logger.LogInformation("Retention deleted {Events} events, {Spans} spans and {Predictions} predictions", events, spans, predictions);
        return events + spans + predictions + capped;
    }

    private static async Task<long> RepeatAsync(Func<Task<int>> deleteBatch, int batch, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch();
            total += deleted;
            // A real pause (not the injected clock): it only lets the writer take the lock between batches.
            if (deleted > 0) await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        } while (deleted >= batch);
        return total;
    }
}
