using AiLogger.Domain.Storage;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// A PostgreSQL store is backed up with PostgreSQL's tools, which see every node's writes and the server's own state:
/// AI-Logger takes no backup of it and says so, with the commands to use.
/// </summary>
internal sealed class PostgresBackups(PostgresDatabase database) : IBackupStore
{
    public string? Unavailable =>
        $"AI-Logger backs up SQLite stores only. This store is the PostgreSQL database {database.DatabaseName} on {database.Host}: back it up " +
        $"with pg_dump (for example pg_dump --format=custom --dbname={database.DatabaseName} --file=ailogger.dump, on a schedule of your own), " +
        "or with the server's continuous archiving; restore with pg_restore.";

    public Task<BackupInfo> CreateAsync(CancellationToken cancellationToken) => throw new BackupsUnavailableException(Unavailable!);

    public Task<IReadOnlyList<BackupInfo>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<BackupInfo>>([]);

    public Stream? Open(string name) => null;

    public Task<int> PruneAsync(int keep, CancellationToken cancellationToken) => Task.FromResult(0);
}
