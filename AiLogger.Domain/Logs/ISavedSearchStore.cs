namespace AiLogger.Domain.Logs;

public interface ISavedSearchStore
{
    /// <summary>The user's own searches and everyone's shared ones, by name.</summary>
    Task<IReadOnlyList<SavedSearch>> ListAsync(string userId, CancellationToken cancellationToken);

    Task<SavedSearch> SaveAsync(SavedSearch search, CancellationToken cancellationToken);

    /// <summary>Deletes a search the user owns; false when there is none.</summary>
    Task<bool> DeleteAsync(long id, string userId, CancellationToken cancellationToken);

    /// <summary>Raised after a change, so open sidebars refresh.</summary>
    event Action? Changed;
}
