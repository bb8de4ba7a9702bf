namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// A model's figures over a window, pooled from its daily counts (never averaged over days). Label-based
/// figures are null when no prediction of the window is validated.
/// </summary>
public sealed record ModelMetrics
{
    public required string Model { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required long Predictions { get; init; }

    public required long Validated { get; init; }

    public double ValidatedShare => Predictions == 0 ? 0 : (double)Validated / Predictions;

    /// <summary>scikit-learn's figures on the validated samples; null when there are none.</summary>
    public ClassificationMetrics? Classification { get; init; }

    public double? Accuracy => Classification?.Accuracy;

    public Averages? Precision => Classification?.Precision;

    public Averages? Recall => Classification?.Recall;

    public Averages? F1 => Classification?.F1;

    /// <summary>Every known class: declared ones in their order, then others seen in the window.</summary>
    public required IReadOnlyList<ModelClassMetrics> PerClass { get; init; }

    /// <summary>Validated samples, rows = actual, columns = predicted, over the same classes as <see cref="PerClass"/>.</summary>
    public required ConfusionMatrix Confusion { get; init; }

    /// <summary>Mean predicted-class confidence over every prediction that has one (NannyML CBPE, simple form).</summary>
    public double? EstimatedAccuracy { get; init; }

    /// <summary>When the daily counts read were computed; null when the metrics job has not run for this model yet.</summary>
    public DateTimeOffset? ComputedAt { get; init; }
}
