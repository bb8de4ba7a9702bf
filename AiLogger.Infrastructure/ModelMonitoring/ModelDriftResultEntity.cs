namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>Row of <c>model_drift_results</c>: the latest drift run of a model, one row per feature.</summary>
internal sealed class ModelDriftResultEntity
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public required string Feature { get; set; }

    public required string Kind { get; set; }

    public required string Method { get; set; }

    public double Statistic { get; set; }

    public double? PValue { get; set; }

    public double Threshold { get; set; }

    public bool Drifted { get; set; }

    public double Psi { get; set; }

    public required string PsiLevel { get; set; }

    public long ReferenceCount { get; set; }

    public long CurrentCount { get; set; }

    public required string ReferenceKind { get; set; }

    public DateTimeOffset? ReferenceFrom { get; set; }

    public DateTimeOffset? ReferenceTo { get; set; }

    public DateTimeOffset CurrentFrom { get; set; }

    public DateTimeOffset CurrentTo { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>The bins (<see cref="Domain.ModelMonitoring.DriftBin"/>) as JSON.</summary>
    public required string Distribution { get; set; }

    /// <summary>Display order: classes, confidence, then inputs by name.</summary>
    public int Position { get; set; }
}
