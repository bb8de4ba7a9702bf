namespace AiLogger.Domain.Alerts;

/// <summary>What model-metric and drift rules read (model monitoring provides it). Null means no data, and the rule keeps its state.</summary>
public interface IModelMetricSource
{
    /// <summary>
    /// <paramref name="metric"/> (one of <see cref="AlertMetrics.Model"/>) pooled over [<paramref name="from"/>, <paramref name="to"/>);
    /// for <paramref name="class"/> when given, else the macro average. Null when the model has no validated predictions there.
    /// </summary>
    Task<double?> MetricAsync(string model, string metric, string? @class, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The latest drift result of <paramref name="feature"/>; null when none was computed.</summary>
    Task<DriftReading?> DriftAsync(string model, string feature, CancellationToken cancellationToken);
}
