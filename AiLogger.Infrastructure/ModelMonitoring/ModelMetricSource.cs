using AiLogger.Domain.Alerts;
using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>What model-metric and drift alert rules read: the pooled figures and the latest drift results.</summary>
internal sealed class ModelMetricSource(IModelMetrics metrics) : IModelMetricSource
{
    public async Task<double?> MetricAsync(string model, string metric, string? @class, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (await metrics.GetMetricsAsync(model, from, to, cancellationToken) is not { } window) return null;
        if (metric == AlertMetrics.EstimatedAccuracy) return window.EstimatedAccuracy;
        if (window.Validated == 0) return null;
        if (@class is not null)
        {
            if (window.PerClass.FirstOrDefault(c => string.Equals(c.Class, @class, StringComparison.Ordinal)) is not { } perClass) return null;
            return metric switch
            {
                AlertMetrics.Precision => perClass.Precision,
                AlertMetrics.Recall => perClass.Recall,
                AlertMetrics.F1 => perClass.F1,
                _ => null,
            };
        }
        return metric switch
        {
            AlertMetrics.Accuracy => window.Accuracy,
            AlertMetrics.Precision => window.Precision?.Macro,
            AlertMetrics.Recall => window.Recall?.Macro,
            AlertMetrics.F1 => window.F1?.Macro,
            _ => null,
        };
    }

    public async Task<DriftReading?> DriftAsync(string model, string feature, CancellationToken cancellationToken)
    {
        var drift = await metrics.GetDriftAsync(model, cancellationToken);
        if (drift?.FirstOrDefault(d => string.Equals(d.Result.Feature, feature, StringComparison.Ordinal)) is not { } found) return null;
        var r = found.Result;
        return new DriftReading(r.Feature, r.Method, r.Statistic, r.PValue, r.Threshold, r.Drifted, r.Psi, found.ComputedAt);
    }
}
