namespace AiLogger.Domain.Alerts;

/// <summary>What one evaluation did to a group.</summary>
public enum AlertTransition
{
    /// <summary>Nothing changed (still ok, still pending, or still firing without a reminder due).</summary>
    None,

    /// <summary>Ok → pending: the condition holds, waiting for the rule's <c>for</c> duration.</summary>
    Pending,

    /// <summary>Pending → ok: the condition stopped holding before <c>for</c> elapsed; nobody is told.</summary>
    PendingCleared,

    /// <summary>Ok or pending → firing: a new alert instance.</summary>
    Fired,

    /// <summary>Still firing, announced now that the silence or cooldown that held its firing back is over.</summary>
    Announced,

    /// <summary>Still firing and the rule repeats: a reminder after the cooldown.</summary>
    Reminded,

    /// <summary>Firing → ok: the instance is resolved.</summary>
    Resolved,
}
