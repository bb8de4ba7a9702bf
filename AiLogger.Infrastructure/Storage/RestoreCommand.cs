using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Storage;

/// <summary>The <c>--restore &lt;file&gt;</c> start-up command: checks the backup against the migrations this build knows, then restores it.</summary>
public sealed class RestoreCommand(IDbContextFactory<AiLoggerDbContext> contexts, IStoreRestore restore)
{
    public async Task<string> RunAsync(string backup, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        return await restore.RestoreAsync(Path.GetFullPath(backup), known, cancellationToken);
    }
}
