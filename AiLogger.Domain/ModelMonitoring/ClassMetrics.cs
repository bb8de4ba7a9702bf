namespace AiLogger.Domain.ModelMonitoring;

/// <summary>One class's figures in a <see cref="ClassificationMetrics"/>.</summary>
public sealed record ClassMetrics
{
    public required string Class { get; init; }
    public required double Precision { get; init; }
    public required double Recall { get; init; }
    public required double F1 { get; init; }

    /// <summary>Items whose actual class is this one (row total).</summary>
    public required long Support { get; init; }

    /// <summary>Items predicted as this class (column total).</summary>
    public required long Predicted { get; init; }
}
