using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file from its own connection, off the writer's thread.
/// PASSIVE never blocks the writer; the writer finishes the job (and so restarts the log) when it grows large.
/// </summary>
internal sealed class SqliteCheckpointer(SqliteDatabase database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private const long StartBytes = 4L * 1024 * 1024;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var walBytes = WalBytes();
                if (walBytes < StartBytes) continue;
                try
                {
                    connection ??= await database.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (SqliteException error)
                {
                    logger.LogWarning(error, "WAL checkpoint failed; retrying shortly");
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private long WalBytes()
    {
        var wal = new FileInfo(database.FilePath + "-wal");
        return wal.Exists ? wal.Length : 0;
    }
}
