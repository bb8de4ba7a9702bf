namespace AiLogger.Domain.ModelMonitoring;

/// <summary>One UTC day of a model's series: its predictions and, when some are validated, that day's pooled figures.</summary>
public sealed record DailyModelMetrics
{
    public required DateOnly Day { get; init; }

    public required long Predictions { get; init; }

    public required long Validated { get; init; }

    public double? Accuracy { get; init; }

    public Averages? Precision { get; init; }

    public Averages? Recall { get; init; }

    public Averages? F1 { get; init; }

    public double? EstimatedAccuracy { get; init; }
}
