namespace AiLogger.Infrastructure.Alerts;

/// <summary>Row of <c>alerts</c>: one firing of a rule's group, kept as history once resolved.</summary>
internal sealed class AlertEntity
{
    public long Id { get; set; }

    public long RuleId { get; set; }

    public required string RuleName { get; set; }

    public required string Kind { get; set; }

    public required string Severity { get; set; }

    public string? GroupBy { get; set; }

    public string? GroupKey { get; set; }

    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public required string State { get; set; }

    public double Value { get; set; }

    public double FiredValue { get; set; }

    public double Threshold { get; set; }

    public required string Comparison { get; set; }

    public TimeSpan Window { get; set; }

    public required string Condition { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastNotifiedAt { get; set; }

    public int Notifications { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The sample events as a JSON array.</summary>
    public string Samples { get; set; } = "[]";
}
