using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteLogRetention(SqliteDatabase database) : ILogRetention
{
    public async Task<int> DeleteBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = new List<long>(batchSize);
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT id FROM log_events WHERE timestamp < @cutoff ORDER BY timestamp LIMIT @limit";
            select.Parameters.AddWithValue("@cutoff", cutoff.UtcTicks);
            select.Parameters.AddWithValue("@limit", batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        }
        if (ids.Count == 0) return 0;

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)transaction;
            delete.CommandText = "DELETE FROM log_events WHERE id = @id; DELETE FROM log_events_fts WHERE rowid = @id;";
            var id = delete.Parameters.Add("@id", Microsoft.Data.Sqlite.SqliteType.Integer);
            foreach (var value in ids)
            {
                id.Value = value;
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    public async Task DeleteRollupsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Whole minutes and hours before the cutoff; blocks whose newest event is older.
        command.CommandText = "DELETE FROM log_rollups WHERE minute < @minute; DELETE FROM log_rollups_hourly WHERE hour < @hour; " +
                              "DELETE FROM log_blocks WHERE max_ts < @cutoff;";
        command.Parameters.AddWithValue("@minute", cutoff.UtcTicks - cutoff.UtcTicks % TimeSpan.TicksPerMinute);
        command.Parameters.AddWithValue("@hour", cutoff.UtcTicks - cutoff.UtcTicks % TimeSpan.TicksPerHour);
        command.Parameters.AddWithValue("@cutoff", cutoff.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
