using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Storage;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary><c>--restore</c> on PostgreSQL: refused with the way to do it, since a dump is restored by PostgreSQL's own tool.</summary>
internal sealed class PostgresRestore(PostgresDatabase database) : IStoreRestore
{
    public Task<string> RestoreAsync(string backup, IReadOnlyCollection<string> knownMigrations, CancellationToken cancellationToken) =>
        throw new RestoreException(
            $"--restore puts back SQLite backups only; this AI-Logger runs on the PostgreSQL database {database.DatabaseName} on {database.Host}. " +
            $"Restore a pg_dump file with pg_restore, AI-Logger stopped (for example pg_restore --clean --if-exists --dbname={database.DatabaseName} ailogger.dump); " +
            "nothing was changed.");
}
