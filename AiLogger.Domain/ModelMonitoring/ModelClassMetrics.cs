namespace AiLogger.Domain.ModelMonitoring;

/// <summary>One class's figures over a window. Precision, recall and F1 are null when the class never occurs among the validated samples.</summary>
public sealed record ModelClassMetrics
{
    public required string Class { get; init; }

    public double? Precision { get; init; }

    public double? Recall { get; init; }

    public double? F1 { get; init; }

    /// <summary>Validated samples whose true class is this one.</summary>
    public required long Support { get; init; }

    /// <summary>Validated samples predicted as this class (the confusion matrix's column total).</summary>
    public required long Predicted { get; init; }

    /// <summary>All predictions of this class in the window, validated or not.</summary>
    public required long Predictions { get; init; }
}
