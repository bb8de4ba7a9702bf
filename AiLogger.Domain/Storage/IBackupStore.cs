namespace AiLogger.Domain.Storage;

/// <summary>Backups of the store, taken while it runs, kept in the data folder's <c>backups/</c>.</summary>
public interface IBackupStore
{
    /// <summary>
    /// Null when AI-Logger backs this store up itself; otherwise why not and what to use instead, shown as is (the API
    /// answers 409 with it). Then <see cref="CreateAsync"/> throws <see cref="BackupsUnavailableException"/> and the list is empty.
    /// </summary>
    string? Unavailable { get; }

    /// <summary>Takes a snapshot now; ingest goes on meanwhile, and everything committed before it began is in it.</summary>
    Task<BackupInfo> CreateAsync(CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<BackupInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The backup's content, or null when no backup has that name.</summary>
    Stream? Open(string name);

    /// <summary>Deletes all but the newest <paramref name="keep"/>; returns how many it deleted.</summary>
    Task<int> PruneAsync(int keep, CancellationToken cancellationToken);
}
