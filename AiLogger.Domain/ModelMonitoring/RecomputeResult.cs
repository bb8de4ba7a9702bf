namespace AiLogger.Domain.ModelMonitoring;

/// <summary>What a recompute did: the daily counts stored and the drift results of the run.</summary>
public sealed record RecomputeResult
{
    public required DateTimeOffset MetricsComputedAt { get; init; }

    /// <summary>Days with at least one prediction.</summary>
    public required int Days { get; init; }

    public required IReadOnlyList<FeatureDrift> Drift { get; init; }

    /// <summary>How long the metrics job took.</summary>
    public required TimeSpan MetricsDuration { get; init; }

    /// <summary>How long the drift job took.</summary>
    public required TimeSpan DriftDuration { get; init; }
}
