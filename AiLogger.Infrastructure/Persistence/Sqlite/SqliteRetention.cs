using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>Deletes old data in short transactions (the writer never waits long), keeping rollups and id blocks in step.</summary>
internal sealed class SqliteRetention(SqliteDatabase database) : IRetentionStore
{
    public async Task<int> DeleteEventsAsync(RetentionPolicy policy, int rule, DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        var query = new SqlQuery();
        var scope = RetentionScope.Condition(SqliteSqlDialect.Instance, policy, rule, "source", "level", query);
        return await DeleteEventIdsAsync(
            $"SELECT id FROM log_events WHERE timestamp < {query.Add(cutoff.UtcTicks)} AND {scope} ORDER BY timestamp LIMIT {query.Add(batch)}", query, cancellationToken);
    }

    public async Task DeleteRollupsAsync(RetentionPolicy policy, int rule, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var query = new SqlQuery();
        var scope = RetentionScope.Condition(SqliteSqlDialect.Instance, policy, rule, "source", "level", query);
        // Whole minutes and hours before the cutoff.
        var minute = query.Add(cutoff.UtcTicks - cutoff.UtcTicks % TimeSpan.TicksPerMinute);
        var hour = query.Add(cutoff.UtcTicks - cutoff.UtcTicks % TimeSpan.TicksPerHour);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            $"DELETE FROM log_rollups WHERE minute < {minute} AND {scope}; DELETE FROM log_rollups_hourly WHERE hour < {hour} AND {scope};", query);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteEmptyBlocksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"DELETE FROM log_blocks WHERE NOT EXISTS (SELECT 1 FROM log_events WHERE id >= log_blocks.block << {LogBlock.Shift} AND id < (log_blocks.block + 1) << {LogBlock.Shift})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteSpansAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        var nanos = Domain.Traces.SpanTime.ToUnixNano(cutoff);
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = 0;
        foreach (var sql in new[]
                 {
                     "DELETE FROM spans WHERE id IN (SELECT id FROM spans WHERE start_time < @cutoff ORDER BY start_time LIMIT @batch)",
                     "DELETE FROM traces WHERE trace_id IN (SELECT trace_id FROM traces WHERE start_time < @cutoff ORDER BY start_time LIMIT @batch)",
                 })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@cutoff", nanos);
            command.Parameters.AddWithValue("@batch", batch);
            // The larger of the two: the caller repeats while either deleted a full batch.
            deleted = Math.Max(deleted, await command.ExecuteNonQueryAsync(cancellationToken));
        }
        return deleted;
    }

    public async Task<int> DeletePredictionsAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM model_predictions WHERE id IN (SELECT id FROM model_predictions WHERE timestamp < @cutoff LIMIT @batch)";
        command.Parameters.AddWithValue("@cutoff", cutoff.UtcTicks);
        command.Parameters.AddWithValue("@batch", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> UsedBytesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await UsedBytesAsync(connection, cancellationToken);
    }

    internal static async Task<long> UsedBytesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) * reader.GetInt64(1);
    }

    public async Task<int> DeleteOldestAsync(int batch, CancellationToken cancellationToken)
    {
        long? oldestEvent, oldestPrediction, oldestSpan;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT (SELECT min(timestamp) FROM log_events), (SELECT min(timestamp) FROM model_predictions), (SELECT min(start_time) FROM spans)";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            oldestEvent = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            oldestPrediction = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            // Spans keep Unix nanoseconds; the others .NET ticks.
            oldestSpan = reader.IsDBNull(2) ? null : Domain.Traces.SpanTime.FromUnixNano(reader.GetInt64(2)).UtcTicks;
        }
        if (oldestEvent is null && oldestPrediction is null && oldestSpan is null) return 0;
        if (oldestSpan is { } s && (oldestEvent is null || s < oldestEvent) && (oldestPrediction is null || s < oldestPrediction))
            return await DeleteSpansAsync(Domain.Traces.SpanTime.FromUnixNano(long.MaxValue), batch, cancellationToken);
        if (oldestEvent is null || (oldestPrediction is { } p && p < oldestEvent))
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM model_predictions WHERE id IN (SELECT id FROM model_predictions ORDER BY timestamp LIMIT @batch)";
            command.Parameters.AddWithValue("@batch", batch);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var query = new SqlQuery();
        var deleted = await DeleteEventIdsAsync($"SELECT id FROM log_events ORDER BY timestamp LIMIT {query.Add(batch)}", query, cancellationToken);
        // Counts of minutes and hours that no event remains in.
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var rollups = connection.CreateCommand())
        {
            rollups.CommandText =
                "DELETE FROM log_rollups WHERE minute < COALESCE((SELECT min(timestamp) FROM log_events) / @minute * @minute, 9223372036854775807); " +
                "DELETE FROM log_rollups_hourly WHERE hour < COALESCE((SELECT min(timestamp) FROM log_events) / @hour * @hour, 9223372036854775807);";
            rollups.Parameters.AddWithValue("@minute", TimeSpan.TicksPerMinute);
            rollups.Parameters.AddWithValue("@hour", TimeSpan.TicksPerHour);
            await rollups.ExecuteNonQueryAsync(cancellationToken);
        }
        return deleted;
    }

    private async Task<int> DeleteEventIdsAsync(string select, SqlQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = new List<long>();
        await using (var command = connection.CreateCommand(select, query))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        if (ids.Count == 0) return 0;

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM log_events WHERE id = @id; DELETE FROM log_events_fts WHERE rowid = @id;";
            var id = delete.Parameters.Add("@id", SqliteType.Integer);
            foreach (var value in ids)
            {
                id.Value = value;
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

}
