namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// One row of the daily counts the metrics job stores: predictions of one UTC day (the prediction's own timestamp,
/// whenever it was validated) with one predicted class and one actual class (null: not validated yet).
/// </summary>
public sealed record DailyCount
{
    public required DateOnly Day { get; init; }

    public required string Predicted { get; init; }

    /// <summary>The validated true class; null for predictions not validated yet.</summary>
    public string? Actual { get; init; }

    public required long Count { get; init; }

    /// <summary>Sum of the predicted-class confidences of the predictions that have one.</summary>
    public double ConfidenceSum { get; init; }

    /// <summary>How many of the <see cref="Count"/> predictions have a confidence.</summary>
    public long ConfidenceCount { get; init; }
}
