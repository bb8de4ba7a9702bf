namespace AiLogger.Domain.ModelMonitoring;

/// <summary>An ML model under watch: what it is called and which classes it may predict.</summary>
public sealed record MonitoredModel
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    /// <summary>Declared classes, in display order; empty when the model declares none (then any class is accepted).</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Newest prediction timestamp received so far.</summary>
    public DateTimeOffset? LastPredictionAt { get; init; }

    /// <summary>When the metrics job last stored the daily counts; null before its first run.</summary>
    public DateTimeOffset? MetricsComputedAt { get; init; }

    /// <summary>When the drift job last stored results; null before its first run.</summary>
    public DateTimeOffset? DriftComputedAt { get; init; }

    /// <summary>True when predictions or validations arrived after the daily counts were computed.</summary>
    public bool MetricsPending { get; init; }
}
