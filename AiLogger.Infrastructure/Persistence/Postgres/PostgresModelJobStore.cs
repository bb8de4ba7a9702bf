using AiLogger.Infrastructure.ModelMonitoring;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The model jobs' reads and writes on PostgreSQL, as SQLite's store makes them: daily counts tallied in one streamed
/// pass, then replaced in one short transaction; class counts; feature samples thinned by id.
/// </summary>
internal sealed class PostgresModelJobStore(PostgresDatabase database) : IModelJobStore
{
    // Rows in timestamp order (the index): each day's groups are complete when the next day starts, so the tally is
    // streamed without a sort and holds one day's groups at a time, however many predictions there are.
    private const string ScanSql =
        "SELECT timestamp, predicted, actual, confidence FROM model_predictions WHERE model_id = @m ORDER BY timestamp";

    private const string InsertSql =
        "INSERT INTO model_daily_counts (model_id, day, predicted, actual, count, confidence_sum, confidence_count) " +
        "SELECT @m, u.* FROM unnest(@d, @p, @a, @n, @s, @c) AS u";

    /// <summary>Daily count rows sent per statement.</summary>
    private const int RowsPerStatement = 10_000;

    public Task<List<long>> ModelsWithNewDataAsync(CancellationToken cancellationToken) =>
        ModelIdsAsync("SELECT id FROM models WHERE data_version <> computed_version ORDER BY id", cancellationToken);

    public Task<List<long>> ModelsWithDriftPendingAsync(CancellationToken cancellationToken) =>
        ModelIdsAsync("SELECT id FROM models WHERE drift_pending ORDER BY id", cancellationToken);

    public async Task<int?> RecomputeDailyCountsAsync(long modelId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Read before counting: data arriving meanwhile leaves the model marked for the next run.
        long? version;
        await using (var read = new NpgsqlCommand("SELECT data_version FROM models WHERE id = @m", connection))
        {
            read.Parameters.AddWithValue("m", modelId);
            version = await read.ExecuteScalarAsync(cancellationToken) is long value ? value : null;
        }
        if (version is null) return null;

        var rows = await TallyAsync(connection, modelId, cancellationToken);

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var delete = new NpgsqlCommand("DELETE FROM model_daily_counts WHERE model_id = @m", connection, transaction))
            {
                delete.Parameters.AddWithValue("m", modelId);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
                insert.Parameters.AddWithValue("m", modelId);
                insert.Parameters.Add(Array("d", NpgsqlDbType.Bigint, chunk.Select(r => r.Day).ToArray()));
                insert.Parameters.Add(Array("p", NpgsqlDbType.Text, chunk.Select(r => r.Predicted).ToArray()));
                insert.Parameters.Add(Array("a", NpgsqlDbType.Text, chunk.Select(r => r.Actual).ToArray()));
                insert.Parameters.Add(Array("n", NpgsqlDbType.Bigint, chunk.Select(r => r.Count).ToArray()));
                insert.Parameters.Add(Array("s", NpgsqlDbType.Double, chunk.Select(r => r.Sum).ToArray()));
                insert.Parameters.Add(Array("c", NpgsqlDbType.Bigint, chunk.Select(r => r.Confidences).ToArray()));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var done = new NpgsqlCommand("UPDATE models SET computed_version = @v, metrics_computed_at = @now WHERE id = @m", connection, transaction))
            {
                done.Parameters.AddWithValue("v", version.Value);
                done.Parameters.AddWithValue("now", now.UtcTicks);
                done.Parameters.AddWithValue("m", modelId);
                await done.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return rows.Select(r => r.Day).Distinct().Count();
    }

    private static async Task<List<(long Day, string Predicted, string Actual, long Count, double Sum, long Confidences)>> TallyAsync(
        NpgsqlConnection connection, long modelId, CancellationToken cancellationToken)
    {
        var rows = new List<(long Day, string Predicted, string Actual, long Count, double Sum, long Confidences)>();
        var day = new Dictionary<(string Predicted, string Actual), (long Count, double Sum, long Confidences)>();
        // Class names repeat on every row: one string per distinct name instead of one per row.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        long current = -1;
        void Flush()
        {
            foreach (var ((predicted, actual), (count, sum, confidences)) in day) rows.Add((current, predicted, actual, count, sum, confidences));
            day.Clear();
        }

        await using var scan = new NpgsqlCommand(ScanSql, connection);
        scan.Parameters.AddWithValue("m", modelId);
        await using var reader = await scan.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ticks = reader.GetInt64(0);
            var dayStart = ticks - ticks % TimeSpan.TicksPerDay;
            if (dayStart != current)
            {
                Flush();
                current = dayStart;
            }
            var predicted = Intern(names, reader.GetString(1));
            var actual = reader.IsDBNull(2) ? ModelDailyCountEntity.NotValidated : Intern(names, reader.GetString(2));
            var hasConfidence = !reader.IsDBNull(3);
            var (count, sum, confidences) = day.GetValueOrDefault((predicted, actual));
            day[(predicted, actual)] = (count + 1, sum + (hasConfidence ? reader.GetDouble(3) : 0), confidences + (hasConfidence ? 1 : 0));
        }
        Flush();
        return rows;
    }

    private static string Intern(Dictionary<string, string> names, string name)
    {
        if (names.TryGetValue(name, out var known)) return known;
        names[name] = name;
        return name;
    }

    public Dictionary<string, long> ClassCounts(long modelId, DriftClassColumn column, DateTimeOffset from, DateTimeOffset to)
    {
        var name = column == DriftClassColumn.Predicted ? "predicted" : "actual";
        using var connection = database.Open();
        using var command = new NpgsqlCommand(
            $"SELECT {name}, count(*) FROM model_predictions WHERE model_id = @m AND timestamp >= @from AND timestamp < @to AND {name} IS NOT NULL GROUP BY 1",
            connection);
        command.Parameters.AddWithValue("m", modelId);
        command.Parameters.AddWithValue("from", from.UtcTicks);
        command.Parameters.AddWithValue("to", to.UtcTicks);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Confidences and features of the predictions in [from, to), thinned evenly to at most <paramref name="maxRows"/> rows.</summary>
    public FeatureSample Sample(long modelId, DateTimeOffset from, DateTimeOffset to, int maxRows)
    {
        const string Range = "FROM model_predictions WHERE model_id = @m AND timestamp >= @from AND timestamp < @to";
        using var connection = database.Open();
        long rows;
        using (var count = Command(connection, $"SELECT count(*) {Range}", modelId, from, to)) rows = (long)count.ExecuteScalar()!;
        var stride = Math.Max(1, (rows + maxRows - 1) / maxRows);

        var sample = new FeatureSample();
        using var command = Command(connection, $"SELECT confidence, features {Range}" + (stride > 1 ? " AND id % @stride = 0" : ""), modelId, from, to);
        if (stride > 1) command.Parameters.AddWithValue("stride", stride);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0)) sample.Confidences.Add(reader.GetDouble(0));
            if (!reader.IsDBNull(1)) sample.AddFeatures(reader.GetString(1));
        }
        return sample;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, long modelId, DateTimeOffset from, DateTimeOffset to)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("m", modelId);
        command.Parameters.AddWithValue("from", from.UtcTicks);
        command.Parameters.AddWithValue("to", to.UtcTicks);
        return command;
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) => new(name, NpgsqlDbType.Array | type) { Value = values };

    private async Task<List<long>> ModelIdsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
