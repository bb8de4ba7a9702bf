using Hangfire;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// The metrics job (Hangfire): per model and UTC day (of the prediction's timestamp), counts of predictions by
/// predicted and actual class with their confidence sums, tallied in one pass over the model's predictions and
/// stored in <c>model_daily_counts</c>. Window figures are then pooled from that small table. The recurring run
/// recomputes only models with data newer than their counts, and runs drift for models whose reference changed.
/// </summary>
internal sealed class ModelMetricsJob(
    IModelJobStore store,
    ModelCatalog catalog,
    ModelDriftJob drift,
    ModelJobGate gate,
    TimeProvider time,
    ILogger<ModelMetricsJob> logger)
{
    public const string RecurringJobId = "model-metrics";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await store.ModelsWithNewDataAsync(cancellationToken))
            await ComputeAsync(id, cancellationToken);
        foreach (var id in await store.ModelsWithDriftPendingAsync(cancellationToken))
            await drift.RunAsync(id, cancellationToken);
    }

    /// <summary>Recomputes one model's daily counts; returns the number of days with predictions.</summary>
    [AutomaticRetry(Attempts = 2)]
    public async Task<int> ComputeAsync(long modelId, CancellationToken cancellationToken)
    {
        var held = await gate.MetricsAsync(cancellationToken);
        try
        {
            var started = time.GetTimestamp();
            if (await store.RecomputeDailyCountsAsync(modelId, time.GetUtcNow(), cancellationToken) is not { } days) return 0;
            logger.LogDebug("Model {ModelId}: daily counts of {Days} days in {Elapsed} ms", modelId, days, time.GetElapsedTime(started).TotalMilliseconds);
            catalog.NotifyChanged();
            return days;
        }
        finally
        {
            await held.DisposeAsync();
        }
    }
}
