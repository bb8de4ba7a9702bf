namespace AiLogger.Domain.Storage;

/// <summary>Backups of the store, taken while it runs, kept in the data folder's <c>backups/</c>.</summary>
public interface IBackupStore
{
    /// <summary>Takes a snapshot now; ingest goes on meanwhile, and everything committed before it began is in it.</summary>
    Task<BackupInfo> CreateAsync(CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<BackupInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The backup's content, or null when no backup has that name.</summary>
    Stream? Open(string name);

    /// <summary>Deletes all but the newest <paramref name="keep"/>; returns how many it deleted.</summary>
    Task<int> PruneAsync(int keep, CancellationToken cancellationToken);
}
