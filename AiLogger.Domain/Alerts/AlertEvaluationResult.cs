namespace AiLogger.Domain.Alerts;

/// <summary>What one evaluation of every rule did.</summary>
public sealed record AlertEvaluationResult
{
    public required DateTimeOffset EvaluatedAt { get; init; }

    public TimeSpan Duration { get; init; }

    public IReadOnlyList<AlertRuleEvaluation> Rules { get; init; } = [];

    public int Fired { get; init; }

    public int Resolved { get; init; }

    /// <summary>Deliveries queued (one per channel per announced transition).</summary>
    public int Notifications { get; init; }
}
