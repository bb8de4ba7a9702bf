using AiLogger.Domain.Alerts;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>Until model monitoring provides its metrics, model and drift rules have no data and stay as they are.</summary>
internal sealed class NoModelMetrics : IModelMetricSource
{
    public Task<double?> MetricAsync(string model, string metric, string? @class, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<double?>(null);

    public Task<DriftReading?> DriftAsync(string model, string feature, CancellationToken cancellationToken) =>
        Task.FromResult<DriftReading?>(null);
}
