namespace AiLogger.Domain.ModelMonitoring;

/// <summary>A stored drift result: the verdict, the samples it compared, and their distributions for a chart.</summary>
public sealed record FeatureDrift
{
    /// <summary>Feature, method, statistic, p-value, threshold, verdict and PSI.</summary>
    public required DriftResult Result { get; init; }

    /// <summary>One of <see cref="DriftFeatureKinds"/>.</summary>
    public required string Kind { get; init; }

    public required long ReferenceCount { get; init; }

    public required long CurrentCount { get; init; }

    /// <summary>Reference and current counts per class or value range.</summary>
    public required IReadOnlyList<DriftBin> Distribution { get; init; }

    /// <summary>One of <see cref="ReferenceKinds"/>.</summary>
    public required string ReferenceKind { get; init; }

    public DateTimeOffset? ReferenceFrom { get; init; }

    public DateTimeOffset? ReferenceTo { get; init; }

    public required DateTimeOffset CurrentFrom { get; init; }

    public required DateTimeOffset CurrentTo { get; init; }

    public required DateTimeOffset ComputedAt { get; init; }
}
