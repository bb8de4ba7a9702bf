namespace AiLogger.Domain.Alerts;

/// <summary>How a rule's value is compared with its threshold; the condition holds when <c>value OP threshold</c>.</summary>
public enum AlertComparison
{
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
    Equal,
    NotEqual,
}
