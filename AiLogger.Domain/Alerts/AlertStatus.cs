namespace AiLogger.Domain.Alerts;

/// <summary>Where one rule (or one group of a rule) stands: ok, condition holding but not yet for long enough, or firing.</summary>
public enum AlertStatus
{
    Ok,
    Pending,
    Firing,
}
