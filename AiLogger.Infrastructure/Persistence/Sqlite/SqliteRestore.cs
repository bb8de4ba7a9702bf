using System.Globalization;
using System.IO.Compression;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// <c>AiLogger.Web --restore &lt;file&gt;</c>: puts a backup in place of the configured database, while AI-Logger is
/// stopped. The backup is checked first (a whole SQLite file, an AI-Logger schema, none newer than this version
/// knows); the database it replaces is kept beside it, renamed, never deleted.
/// </summary>
internal sealed class SqliteRestore(SqliteDatabase database, TimeProvider time) : IStoreRestore
{
    public async Task<string> RestoreAsync(string backup, IReadOnlyCollection<string> knownMigrations, CancellationToken cancellationToken)
    {
        if (!File.Exists(backup)) throw new RestoreException($"There is no file {backup}.");
        var target = database.FilePath;
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var staged = Path.Combine(folder, $".restoring-{Guid.NewGuid():N}.db");
        try
        {
            await using (var source = File.OpenRead(backup))
            await using (var output = File.Create(staged))
            {
                var gzip = source.ReadByte() == 0x1f && source.ReadByte() == 0x8b;
                source.Position = 0;
                if (gzip)
                {
                    await using (var inflate = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true))
                        await inflate.CopyToAsync(output, cancellationToken);
                    // The last four bytes of a gzip file give the inflated size (mod 2^32): a cut-short copy ends elsewhere.
                    var trailer = new byte[4];
                    source.Position = source.Length - 4;
                    await source.ReadExactlyAsync(trailer, cancellationToken);
                    if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) != (uint)output.Length) throw new InvalidDataException("truncated");
                }
                else
                {
                    await source.CopyToAsync(output, cancellationToken);
                }
            }

            var (latest, events) = Inspect(staged, knownMigrations);
            var aside = MoveAside(target);
            File.Move(staged, target);
            return $"Restored {backup} into {target} (schema {latest}, {events:N0} events)."
                   + (aside is null ? "" : $" The database it replaced is kept as {aside}.");
        }
        catch (InvalidDataException)
        {
            throw new RestoreException($"{backup} is not a whole gzip file; it may have been cut short.");
        }
        finally
        {
            if (File.Exists(staged)) File.Delete(staged);
        }
    }

    private static (string Latest, long Events) Inspect(string path, IReadOnlyCollection<string> knownMigrations)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check";
                if (check.ExecuteScalar() as string != "ok") throw new RestoreException($"The backup is damaged: SQLite's check of {path} failed.");
            }
            var applied = new List<string>();
            using (var history = connection.CreateCommand())
            {
                history.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
                using var reader = history.ExecuteReader();
                while (reader.Read()) applied.Add(reader.GetString(0));
            }
            var newer = applied.Where(m => !knownMigrations.Contains(m)).ToList();
            if (newer.Count > 0)
                throw new RestoreException(
                    $"The backup comes from a newer AI-Logger: its schema has {string.Join(", ", newer)}, which this version does not know. " +
                    "Restore it with that version (or a later one); nothing was changed.");
            long events;
            using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT COALESCE(MAX(id), 0) FROM log_events";
                events = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            return (applied.LastOrDefault() ?? "(empty)", events);
        }
        catch (SqliteException error)
        {
            throw new RestoreException($"The backup is not an AI-Logger database: {error.Message}");
        }
    }

    /// <summary>Renames the current database (and its WAL files) out of the way; refuses while AI-Logger has it open.</summary>
    private string? MoveAside(string target)
    {
        if (!File.Exists(target)) return null;
        var builder = new SqliteConnectionStringBuilder { DataSource = target, Pooling = false, DefaultTimeout = 1 };
        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            // Leaving WAL mode needs the database to itself (a running AI-Logger holds it open), and folds the write-ahead
            // log into the file, so the copy kept aside is whole on its own.
            using var leave = connection.CreateCommand();
            leave.CommandText = "PRAGMA busy_timeout=0; PRAGMA journal_mode=DELETE;";
            string? mode;
            try
            {
                mode = leave.ExecuteScalar() as string;
            }
            catch (SqliteException error) when (error.SqliteErrorCode is 5 or 6)
            {
                mode = null;
            }
            if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
                throw new RestoreException($"{target} is in use: stop AI-Logger before restoring. Nothing was changed.");
        }
        var aside = $"{target}.before-restore-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        File.Move(target, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(target + suffix)) File.Move(target + suffix, aside + suffix);
        return aside;
    }
}
