namespace AiLogger.Infrastructure.Storage;

/// <summary>Puts a backup in place of the configured store, while AI-Logger is stopped (one per provider).</summary>
public interface IStoreRestore
{
    /// <returns>What was done, for the console.</returns>
    /// <exception cref="Domain.Storage.RestoreException">The restore was refused before anything changed.</exception>
    Task<string> RestoreAsync(string backup, IReadOnlyCollection<string> knownMigrations, CancellationToken cancellationToken);
}
