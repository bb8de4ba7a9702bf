namespace AiLogger.Domain.Alerts;

/// <summary>Alert rules (admin): list, read, create, change, delete. Saving validates and answers field errors.</summary>
public interface IAlertRuleStore
{
    /// <summary>Every rule by name, with its status at the last evaluation.</summary>
    Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken);

    Task<AlertRule?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Validates (fields, query syntax, that the channels exist, a unique name) and stores the rule.</summary>
    Task<AlertRuleResult> CreateAsync(AlertRuleDraft draft, CancellationToken cancellationToken);

    /// <summary>Replaces the rule's definition; its state and alerts are kept (a changed threshold applies at the next evaluation).</summary>
    Task<AlertRuleResult> UpdateAsync(long id, AlertRuleDraft draft, CancellationToken cancellationToken);

    /// <summary>Deletes the rule and its state; its alerts stay in the history. False when there is no such rule.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Raised after a rule is created, changed, deleted or silenced, and after each evaluation, so open pages refresh.</summary>
    event Action? Changed;
}
