using AiLogger.Domain.Logs;

namespace AiLogger.Tests.Components;

/// <summary>A saved-search store for component tests (the real one is tested against SQLite).</summary>
public sealed class InMemorySavedSearches : ISavedSearchStore
{
    private readonly List<SavedSearch> _searches = [];

    public event Action? Changed;

    public Task<IReadOnlyList<SavedSearch>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SavedSearch>>(_searches.Where(s => s.OwnerId == userId || s.Shared).OrderBy(s => s.Name).ToList());

    public Task<SavedSearch> SaveAsync(SavedSearch search, CancellationToken cancellationToken)
    {
        var saved = search with { Id = _searches.Count + 1 };
        _searches.Add(saved);
        Changed?.Invoke();
        return Task.FromResult(saved);
    }

    public Task<bool> DeleteAsync(long id, string userId, CancellationToken cancellationToken)
    {
        var removed = _searches.RemoveAll(s => s.Id == id && s.OwnerId == userId) > 0;
        if (removed) Changed?.Invoke();
        return Task.FromResult(removed);
    }
}
