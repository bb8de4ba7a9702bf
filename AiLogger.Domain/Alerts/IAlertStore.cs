namespace AiLogger.Domain.Alerts;

/// <summary>Alert instances, firing and past, for every signed-in user; acknowledging; silencing a rule.</summary>
public interface IAlertStore
{
    /// <summary>Newest first (by id), filtered by <see cref="AlertListFilter"/>.</summary>
    Task<IReadOnlyList<AlertInstance>> ListAsync(AlertListFilter filter, CancellationToken cancellationToken);

    Task<AlertInstance?> GetAsync(long id, CancellationToken cancellationToken);

    Task<AlertCounts> CountsAsync(CancellationToken cancellationToken);

    /// <summary>Marks the alert acknowledged by <paramref name="who"/> (the first acknowledgement is kept); null when there is no such alert.</summary>
    Task<AlertInstance?> AcknowledgeAsync(long id, string who, CancellationToken cancellationToken);

    /// <summary>No notification for the rule before <paramref name="until"/> (null lifts the silence); null when there is no such rule.</summary>
    Task<AlertRule?> SilenceAsync(long ruleId, DateTimeOffset? until, CancellationToken cancellationToken);

    /// <summary>Raised when alerts fire, resolve or are acknowledged (on this node).</summary>
    event Action? Changed;
}
