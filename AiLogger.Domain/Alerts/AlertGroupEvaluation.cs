namespace AiLogger.Domain.Alerts;

/// <summary>One group of a rule in an evaluation: its value, the condition, and what happened.</summary>
public sealed record AlertGroupEvaluation(
    string? Group, double Value, bool ConditionMet, AlertStatus Status, AlertTransition Transition, bool Notified, string? Suppressed, long? AlertId);
