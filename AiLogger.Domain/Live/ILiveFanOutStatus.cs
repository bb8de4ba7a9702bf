namespace AiLogger.Domain.Live;

/// <summary>
/// Whether committed items from the other nodes reach this node's live views (several nodes fan out over Redis; one node
/// alone is never paused). This node's own commits reach its views either way.
/// </summary>
public interface ILiveFanOutStatus
{
    /// <summary>True while the link to the other nodes is down.</summary>
    bool Paused { get; }

    /// <summary>Why, in a sentence a person can read, while <see cref="Paused"/>.</summary>
    string? Reason { get; }

    /// <summary>Raised (on any thread) when <see cref="Paused"/> changes.</summary>
    event Action? Changed;
}
