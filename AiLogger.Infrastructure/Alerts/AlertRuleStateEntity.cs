namespace AiLogger.Infrastructure.Alerts;

/// <summary>Row of <c>alert_rule_states</c>: the state machine's memory for one group of a rule (kept while not ok, or within a cooldown).</summary>
internal sealed class AlertRuleStateEntity
{
    public long RuleId { get; set; }

    /// <summary>Empty for a rule without groups.</summary>
    public string GroupKey { get; set; } = string.Empty;

    public required string Status { get; set; }

    public DateTimeOffset? PendingSince { get; set; }

    public DateTimeOffset? FiringSince { get; set; }

    public DateTimeOffset? LastNotifiedAt { get; set; }

    public bool FiringNotified { get; set; }

    public double? Value { get; set; }

    public long? AlertId { get; set; }
}
