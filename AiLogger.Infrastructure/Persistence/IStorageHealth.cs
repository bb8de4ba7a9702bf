namespace AiLogger.Infrastructure.Persistence;

/// <summary>The store's health (a cheap round trip, for <c>/healthz</c>) and size (for <c>/metrics</c>).</summary>
public interface IStorageHealth
{
    /// <returns>Null when healthy, else what failed.</returns>
    Task<string?> CheckAsync(CancellationToken cancellationToken);

    /// <summary>Bytes the store takes on disk (for SQLite, the database file and its write-ahead log).</summary>
    long SizeOnDisk();
}
