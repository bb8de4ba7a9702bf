namespace AiLogger.Domain.Alerts;

/// <summary>One rule in an evaluation. <see cref="Note"/> says why it could not decide (no data, a failed query).</summary>
public sealed record AlertRuleEvaluation
{
    public required long RuleId { get; init; }

    public required string Name { get; init; }

    public AlertStatus Status { get; init; }

    /// <summary>The largest value over the groups; null without data.</summary>
    public double? Value { get; init; }

    public string? Note { get; init; }

    public IReadOnlyList<AlertGroupEvaluation> Groups { get; init; } = [];

    public TimeSpan Duration { get; init; }
}
