using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>The model jobs' reads and writes on SQLite: daily counts tallied in one streamed pass, class counts, feature samples.</summary>
internal sealed class SqliteModelJobStore(SqliteDatabase database) : IModelJobStore
{
    // Rows in timestamp order (the index): each day's groups are complete when the next day starts, so the tally is
    // streamed without a sort and holds one day's groups at a time, however many predictions there are.
    private const string ScanSql =
        "SELECT timestamp, predicted, actual, confidence FROM model_predictions WHERE model_id = @m ORDER BY timestamp";
    private const string InsertSql =
        "INSERT INTO model_daily_counts (model_id, day, predicted, actual, count, confidence_sum, confidence_count) VALUES (@m, @d, @p, @a, @n, @s, @c)";

    public Task<List<long>> ModelsWithNewDataAsync(CancellationToken cancellationToken) =>
        ModelIdsAsync("SELECT id FROM models WHERE data_version <> computed_version ORDER BY id", cancellationToken);

    public Task<List<long>> ModelsWithDriftPendingAsync(CancellationToken cancellationToken) =>
        ModelIdsAsync("SELECT id FROM models WHERE drift_pending = 1 ORDER BY id", cancellationToken);

    public async Task<int?> RecomputeDailyCountsAsync(long modelId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Read before counting: data arriving meanwhile leaves the model marked for the next run.
        var version = Scalar(connection, "SELECT data_version FROM models WHERE id = @m", modelId);
        if (version is null) return null;

        var rows = Tally(connection, modelId, cancellationToken);

        // The counting above reads a snapshot without locking; only this short replacement takes the write lock.
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using (var delete = connection.CreateCommand())
            {
                delete.CommandText = "DELETE FROM model_daily_counts WHERE model_id = @m";
                delete.Parameters.AddWithValue("@m", modelId);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = InsertSql;
                insert.Parameters.AddWithValue("@m", modelId);
                var (d, p, a, n, s, c) = (insert.Parameters.Add("@d", SqliteType.Integer), insert.Parameters.Add("@p", SqliteType.Text),
                    insert.Parameters.Add("@a", SqliteType.Text), insert.Parameters.Add("@n", SqliteType.Integer),
                    insert.Parameters.Add("@s", SqliteType.Real), insert.Parameters.Add("@c", SqliteType.Integer));
                insert.Prepare();
                foreach (var row in rows)
                {
                    (d.Value, p.Value, a.Value, n.Value, s.Value, c.Value) = (row.Day, row.Predicted, row.Actual, row.Count, row.Sum, row.Confidences);
                    insert.ExecuteNonQuery();
                }
            }
            await using (var done = connection.CreateCommand())
            {
                done.CommandText = "UPDATE models SET computed_version = @v, metrics_computed_at = @now WHERE id = @m";
                done.Parameters.AddWithValue("@v", version.Value);
                done.Parameters.AddWithValue("@now", now.UtcTicks);
                done.Parameters.AddWithValue("@m", modelId);
                await done.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return rows.Select(r => r.Day).Distinct().Count();
    }

    private static List<(long Day, string Predicted, string Actual, long Count, double Sum, long Confidences)> Tally(
        SqliteConnection connection, long modelId, CancellationToken cancellationToken)
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

        using var scan = connection.CreateCommand();
        scan.CommandText = ScanSql;
        scan.Parameters.AddWithValue("@m", modelId);
        using var reader = scan.ExecuteReader();
        var read = 0;
        while (reader.Read())
        {
            if (++read % 65_536 == 0) cancellationToken.ThrowIfCancellationRequested();
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
        using var connection = database.Open();
        return ClassCounts(connection, modelId, column == DriftClassColumn.Predicted ? "predicted" : "actual", from, to);
    }

    public FeatureSample Sample(long modelId, DateTimeOffset from, DateTimeOffset to, int maxRows)
    {
        using var connection = database.Open();
        return Sample(connection, modelId, from, to, maxRows);
    }

    /// <summary>Predictions per predicted class, or validated predictions per actual class, in [from, to).</summary>
    private static Dictionary<string, long> ClassCounts(SqliteConnection connection, long modelId, string column, DateTimeOffset from, DateTimeOffset to)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column}, COUNT(*) FROM model_predictions WHERE model_id = @m AND timestamp >= @from AND timestamp < @to AND {column} IS NOT NULL GROUP BY 1";
        command.Parameters.AddWithValue("@m", modelId);
        command.Parameters.AddWithValue("@from", from.UtcTicks);
        command.Parameters.AddWithValue("@to", to.UtcTicks);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Confidences and features of the predictions in [from, to), thinned evenly to at most <paramref name="maxRows"/> rows.</summary>
    /// <remarks>
    /// Through SQLite's raw API: the features column is read as a span of its UTF-8 bytes, so a sample of a hundred
    /// thousand rows allocates nothing per row.
    /// </remarks>
    private static FeatureSample Sample(SqliteConnection connection, long modelId, DateTimeOffset from, DateTimeOffset to, int maxRows)
    {
        const string Range = "FROM model_predictions WHERE model_id = ?1 AND timestamp >= ?2 AND timestamp < ?3";
        var db = connection.Handle!;
        long rows = 0;
        Query(db, $"SELECT COUNT(*) {Range}", modelId, from, to, null, statement => rows = raw.sqlite3_column_int64(statement, 0));
        var stride = Math.Max(1, (rows + maxRows - 1) / maxRows);

        var sample = new FeatureSample();
        Query(db, $"SELECT confidence, features {Range}" + (stride > 1 ? " AND id % ?4 = 0" : ""), modelId, from, to, stride > 1 ? stride : null, statement =>
        {
            if (raw.sqlite3_column_type(statement, 0) != raw.SQLITE_NULL) sample.Confidences.Add(raw.sqlite3_column_double(statement, 0));
            if (raw.sqlite3_column_type(statement, 1) != raw.SQLITE_NULL) sample.AddFeatures(raw.sqlite3_column_blob(statement, 1));
        });
        return sample;
    }

    private static void Query(sqlite3 db, string sql, long modelId, DateTimeOffset from, DateTimeOffset to, long? stride, Action<sqlite3_stmt> row)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        using (statement)
        {
            if (rc == raw.SQLITE_OK)
            {
                raw.sqlite3_bind_int64(statement, 1, modelId);
                raw.sqlite3_bind_int64(statement, 2, from.UtcTicks);
                raw.sqlite3_bind_int64(statement, 3, to.UtcTicks);
                if (stride is { } every) raw.sqlite3_bind_int64(statement, 4, every);
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) row(statement);
            }
            if (rc != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private async Task<List<long>> ModelIdsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static long? Scalar(SqliteConnection connection, string sql, long modelId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@m", modelId);
        return command.ExecuteScalar() is long value ? value : null;
    }
}
