namespace AiLogger.Domain.ModelMonitoring;

/// <summary>A model with its health at a glance, for the list of models.</summary>
public sealed record ModelSummary
{
    public required MonitoredModel Model { get; init; }

    /// <summary>Predictions stored, all time (as of the last metrics run).</summary>
    public required long Predictions { get; init; }

    /// <summary>Validated predictions, all time (as of the last metrics run).</summary>
    public required long Validated { get; init; }

    /// <summary>Figures over the health window (<c>AiLogger:Models:HealthWindow</c>, the last 7 days by default).</summary>
    public required ModelMetrics Recent { get; init; }

    /// <summary>One point per day with predictions over the last <see cref="IModelCatalog.SparklineDays"/> days, oldest first.</summary>
    public required IReadOnlyList<DailyModelMetrics> Daily { get; init; }

    /// <summary>True when the latest drift run found drift in any feature; null when drift was never computed.</summary>
    public bool? Drifted { get; init; }

    public IReadOnlyList<string> DriftedFeatures { get; init; } = [];
}
