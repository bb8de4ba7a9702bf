namespace AiLogger.Domain.Alerts;

/// <summary>The outcome of one evaluation for one group: its new state and whether people are told.</summary>
public sealed record AlertStep
{
    public required string GroupKey { get; init; }

    public required double Value { get; init; }

    public required bool ConditionMet { get; init; }

    public required AlertStatus Before { get; init; }

    public required AlertGroupState After { get; init; }

    public required AlertTransition Transition { get; init; }

    /// <summary>True when channels are notified of <see cref="Transition"/>.</summary>
    public bool Notify { get; init; }

    /// <summary>Why a transition that would notify did not ("silenced until …", "cooldown …"); null otherwise.</summary>
    public string? Suppressed { get; init; }
}
