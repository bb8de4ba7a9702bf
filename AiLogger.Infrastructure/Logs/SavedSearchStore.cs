using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Logs;

internal sealed class SavedSearchStore(IDbContextFactory<AiLoggerDbContext> contexts, TimeProvider time) : ISavedSearchStore
{
    public event Action? Changed;

    public async Task<IReadOnlyList<SavedSearch>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SavedSearches.AsNoTracking()
            .Where(s => s.OwnerId == userId || s.Shared)
            .OrderBy(s => s.Name)
            .ToListAsync(cancellationToken);
    }

    public async Task<SavedSearch> SaveAsync(SavedSearch search, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var saved = search with { Id = 0, Name = search.Name.Trim(), CreatedAt = time.GetUtcNow() };
        db.SavedSearches.Add(saved);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return saved;
    }

    public async Task<bool> DeleteAsync(long id, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.SavedSearches.Where(s => s.Id == id && s.OwnerId == userId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) Changed?.Invoke();
        return deleted > 0;
    }
}
