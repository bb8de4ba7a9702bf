namespace AiLogger.Domain.ModelMonitoring;

/// <summary>A metric averaged three ways, with scikit-learn's meanings of <c>average='macro'|'micro'|'weighted'</c>.</summary>
public sealed record Averages
{
    /// <summary>Unweighted mean of the per-class values over all labels.</summary>
    public required double Macro { get; init; }

    /// <summary>The metric on true/false positives and negatives pooled over all classes.</summary>
    public required double Micro { get; init; }

    /// <summary>Mean of the per-class values weighted by support (actual count).</summary>
    public required double Weighted { get; init; }
}
