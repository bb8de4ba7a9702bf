namespace AiLogger.Domain.Alerts;

/// <summary>The state of an alert instance: firing now, or resolved (history). Acknowledgement is a flag on either.</summary>
public enum AlertState
{
    Firing,
    Resolved,
}
