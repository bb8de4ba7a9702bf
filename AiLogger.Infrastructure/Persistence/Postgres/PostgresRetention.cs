using System.Globalization;
using System.Text.RegularExpressions;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Storage;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Deletes old data. A day partition of the events whose every row a rule deletes is detached and dropped whole (no
/// dead rows, no vacuum, its space back at once); rules that keep part of a day delete rows in short batches. The
/// rollups and id blocks follow as on SQLite: the job deletes a rule's counts before its cutoff, then empty blocks.
/// </summary>
internal sealed partial class PostgresRetention(PostgresDatabase database) : IRetentionStore
{
    // Partitions found to hold events a rule keeps stay so while the job repeats that rule (it deletes only the rule's
    // own rows), so later batches of the same rule and cutoff do not scan them again.
    private (int Rule, long Cutoff, HashSet<string> Names) _keeping = (0, 0, []);

    /// <summary>
    /// Drops every partition wholly before the cutoff that holds only this rule's events, then deletes up to a batch of
    /// its events from the partitions that hold others too. The count may exceed the batch when partitions were dropped.
    /// </summary>
    public async Task<int> DeleteEventsAsync(RetentionPolicy policy, int rule, DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keeping = _keeping;
        if (keeping.Rule != rule || keeping.Cutoff != cutoff.UtcTicks) _keeping = keeping = (rule, cutoff.UtcTicks, []);
        long dropped = 0;
        foreach (var partition in await PartitionsAsync(connection, cancellationToken))
        {
            if (partition.End > cutoff.UtcTicks) break;
            if (keeping.Names.Contains(partition.Name)) continue;
            var query = new SqlQuery();
            var scope = RetentionScope.Condition(PostgresSqlDialect.Instance, policy, rule, "source", "level", query);
            await using var kept = connection.CreateCommand(
                $"SELECT EXISTS (SELECT 1 FROM {partition.Table} WHERE NOT COALESCE({scope}, false))", query);
            if ((bool)(await kept.ExecuteScalarAsync(cancellationToken))!)
            {
                keeping.Names.Add(partition.Name);
                continue;
            }
            dropped += await DropAsync(connection, partition, cancellationToken);
        }

        var rows = new SqlQuery();
        var rowScope = RetentionScope.Condition(PostgresSqlDialect.Instance, policy, rule, "source", "level", rows);
        await using var delete = connection.CreateCommand($"""
            DELETE FROM log_events WHERE (id, timestamp) IN (
              SELECT id, timestamp FROM log_events WHERE timestamp < {rows.Add(cutoff.UtcTicks)} AND {rowScope} ORDER BY timestamp LIMIT {rows.Add(batch)})
            """, rows);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        return (int)Math.Min(int.MaxValue, dropped + deleted);
    }

    public async Task DeleteRollupsAsync(RetentionPolicy policy, int rule, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var query = new SqlQuery();
        var scope = RetentionScope.Condition(PostgresSqlDialect.Instance, policy, rule, "source", "level", query);
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
        await using var command = new NpgsqlCommand(
            $"DELETE FROM log_blocks AS b WHERE NOT EXISTS (SELECT 1 FROM log_events WHERE id >= b.block << {LogBlock.Shift} AND id < (b.block + 1) << {LogBlock.Shift})",
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteSpansAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        var nanos = Domain.Traces.SpanTime.ToUnixNano(cutoff);
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = 0;
        foreach (var sql in new[]
                 {
                     "DELETE FROM spans WHERE (id, start_time) IN (SELECT id, start_time FROM spans WHERE start_time < @cutoff ORDER BY start_time LIMIT @batch)",
                     "DELETE FROM traces WHERE trace_id IN (SELECT trace_id FROM traces WHERE start_time < @cutoff ORDER BY start_time LIMIT @batch)",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
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
        await using var command = new NpgsqlCommand(
            "DELETE FROM model_predictions WHERE id IN (SELECT id FROM model_predictions WHERE timestamp < @cutoff LIMIT @batch)", connection);
        command.Parameters.AddWithValue("@cutoff", cutoff.UtcTicks);
        command.Parameters.AddWithValue("@batch", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> UsedBytesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (long)(await connection.ScalarAsync("SELECT pg_database_size(current_database())", cancellationToken))!;
    }

    /// <summary>
    /// For the size limit: the oldest day of events goes as a whole partition (deleted rows would not give the space
    /// back to the database's size); predictions and spans, when older, in batches.
    /// </summary>
    public async Task<int> DeleteOldestAsync(int batch, CancellationToken cancellationToken)
    {
        long? oldestEvent, oldestPrediction, oldestSpan;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
                         "SELECT (SELECT min(timestamp) FROM log_events), (SELECT min(timestamp) FROM model_predictions), (SELECT min(start_time) FROM spans)", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
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
            await using var command = new NpgsqlCommand(
                "DELETE FROM model_predictions WHERE id IN (SELECT id FROM model_predictions ORDER BY timestamp LIMIT @batch)", connection);
            command.Parameters.AddWithValue("@batch", batch);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var oldest = (await PartitionsAsync(connection, cancellationToken)).FirstOrDefault(p => p.Start <= oldestEvent.Value && oldestEvent.Value < p.End);
        long deleted;
        if (oldest is not null) deleted = await DropAsync(connection, oldest, cancellationToken);
        else
        {
            await using var command = new NpgsqlCommand(
                "DELETE FROM log_events WHERE (id, timestamp) IN (SELECT id, timestamp FROM log_events ORDER BY timestamp LIMIT @batch)", connection);
            command.Parameters.AddWithValue("@batch", batch);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        // Counts of minutes and hours that no event remains in.
        await using (var rollups = new NpgsqlCommand(
                         "DELETE FROM log_rollups WHERE minute < COALESCE((SELECT min(timestamp) FROM log_events) / @minute * @minute, 9223372036854775807); " +
                         "DELETE FROM log_rollups_hourly WHERE hour < COALESCE((SELECT min(timestamp) FROM log_events) / @hour * @hour, 9223372036854775807);", connection))
        {
            rollups.Parameters.AddWithValue("@minute", TimeSpan.TicksPerMinute);
            rollups.Parameters.AddWithValue("@hour", TimeSpan.TicksPerHour);
            await rollups.ExecuteNonQueryAsync(cancellationToken);
        }
        return (int)Math.Min(int.MaxValue, deleted);
    }

    private sealed record Partition(string Name, long Start, long End)
    {
        public string Table => "\"" + Name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>The day partitions of the events, oldest first, with their bounds in ticks.</summary>
    private static async Task<List<Partition>> PartitionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
            FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'log_events'::regclass
            """, connection);
        var partitions = new List<Partition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // FOR VALUES FROM ('638…') TO ('638…'); a partition of other bounds (DEFAULT, MINVALUE) is never dropped here.
            var bounds = Bounds().Match(reader.GetString(1));
            if (!bounds.Success) continue;
            partitions.Add(new Partition(reader.GetString(0),
                long.Parse(bounds.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(bounds.Groups[2].Value, CultureInfo.InvariantCulture)));
        }
        return partitions.OrderBy(p => p.Start).ToList();
    }

    /// <summary>Detaches (concurrently: searches and the writer go on meanwhile) and drops a partition; returns its row count.</summary>
    private static async Task<long> DropAsync(NpgsqlConnection connection, Partition partition, CancellationToken cancellationToken)
    {
        var table = partition.Table;
        var rows = (long)(await connection.ScalarAsync($"SELECT count(*) FROM {table}", cancellationToken))!;
        // A detach an earlier run did not finish is finalized instead of started again.
        var pending = await connection.ScalarAsync(
            "SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = CAST(@table AS regclass)", cancellationToken, ("@table", table)) is true;
        await using (var detach = new NpgsqlCommand($"ALTER TABLE log_events DETACH PARTITION {table} {(pending ? "FINALIZE" : "CONCURRENTLY")}", connection))
            await detach.ExecuteNonQueryAsync(cancellationToken);
        await using (var drop = new NpgsqlCommand($"DROP TABLE {table}", connection))
            await drop.ExecuteNonQueryAsync(cancellationToken);
        return rows;
    }

    [GeneratedRegex(@"^FOR VALUES FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)$")]
    private static partial Regex Bounds();
}
