namespace AiLogger.Domain.Alerts;

/// <summary>The outcome of saving a rule: the rule, field errors, or not found (an update of an unknown id).</summary>
public sealed record AlertRuleResult
{
    public AlertRule? Rule { get; init; }

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public bool NotFound { get; init; }

    public bool Succeeded => Rule is not null;

    public static AlertRuleResult Invalid(IReadOnlyDictionary<string, string> errors) => new() { Errors = errors };
}
