namespace AiLogger.Domain.Alerts;

/// <summary>One firing of a rule (for one group): kept, resolved or not, as the alert history.</summary>
public sealed record AlertInstance
{
    public long Id { get; init; }

    public long RuleId { get; init; }

    /// <summary>The rule's name when the alert fired (kept if the rule is renamed or deleted).</summary>
    public required string RuleName { get; init; }

    public required string Kind { get; init; }

    public AlertSeverity Severity { get; init; }

    /// <summary>The group's value of the rule's <c>groupBy</c> field; null for a rule without groups.</summary>
    public string? GroupKey { get; init; }

    public string? GroupBy { get; init; }

    /// <summary>The group in words: <c>source=api</c>; a metric rule's key already reads <c>host=a, mountpoint=/</c>. Null without groups.</summary>
    public string? GroupLabel => GroupKey is null ? null
        : Kind == AlertKinds.Metric ? GroupKey
        : $"{GroupBy}={(GroupKey.Length == 0 ? "(none)" : GroupKey)}";

    public AlertState State { get; init; }

    /// <summary>The latest value while firing; the last one before resolving once resolved.</summary>
    public double Value { get; init; }

    /// <summary>The value when the alert fired.</summary>
    public double FiredValue { get; init; }

    public double Threshold { get; init; }

    public AlertComparison Comparison { get; init; }

    public TimeSpan Window { get; init; }

    /// <summary>The rule's condition in words when it fired.</summary>
    public required string Condition { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastNotifiedAt { get; init; }

    /// <summary>How many times this alert was announced (firing, reminders, resolved).</summary>
    public int Notifications { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public bool Acknowledged => AcknowledgedAt is not null;

    public IReadOnlyList<AlertSample> Samples { get; init; } = [];
}
