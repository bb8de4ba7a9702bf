using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>Window and daily figures from the stored daily counts (a few rows per class and day), and the latest drift results.</summary>
internal sealed class ModelMetricsReader(ModelQueries queries) : IModelMetrics
{
    public async Task<ModelMetrics?> GetMetricsAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(model, cancellationToken) is not { } entity) return null;
        var rows = await queries.DailyCountsAsync(entity.Id, ModelQueries.DayOf(from), to, cancellationToken);
        return ModelMetricsCalculator.Window(entity.Name, from, to, ModelQueries.ClassesOf(entity), rows, entity.MetricsComputedAt);
    }

    public async Task<IReadOnlyList<DailyModelMetrics>?> GetDailyAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(model, cancellationToken) is not { } entity) return null;
        var rows = await queries.DailyCountsAsync(entity.Id, ModelQueries.DayOf(from), to, cancellationToken);
        return ModelMetricsCalculator.Daily(ModelQueries.ClassesOf(entity), rows);
    }

    public async Task<IReadOnlyList<FeatureDrift>?> GetDriftAsync(string model, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(model, cancellationToken) is not { } entity) return null;
        return (await queries.DriftResultsAsync(entity.Id, cancellationToken)).Select(ModelQueries.ToDrift).ToList();
    }
}
