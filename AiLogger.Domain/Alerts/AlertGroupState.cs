namespace AiLogger.Domain.Alerts;

/// <summary>What the state machine remembers about one group of a rule between two evaluations.</summary>
public sealed record AlertGroupState
{
    /// <summary>The group's value of the rule's <c>groupBy</c> field; empty for a rule without groups.</summary>
    public string GroupKey { get; init; } = string.Empty;

    public AlertStatus Status { get; init; } = AlertStatus.Ok;

    /// <summary>Since when the condition has held (pending or firing).</summary>
    public DateTimeOffset? PendingSince { get; init; }

    public DateTimeOffset? FiringSince { get; init; }

    /// <summary>The last time a notification went out for this group (firing, reminder or resolved).</summary>
    public DateTimeOffset? LastNotifiedAt { get; init; }

    /// <summary>Whether the current firing was announced (a silenced or cooled-down one was not, and so is not resolved aloud).</summary>
    public bool FiringNotified { get; init; }

    public double? Value { get; init; }

    /// <summary>The alert instance of the current firing.</summary>
    public long? AlertId { get; init; }

    public static AlertGroupState Ok(string groupKey) => new() { GroupKey = groupKey };
}
