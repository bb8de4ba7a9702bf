using AiLogger.Infrastructure.Persistence.Sqlite;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// The metrics job (Hangfire): per model and UTC day (of the prediction's timestamp), counts of predictions by
/// predicted and actual class with their confidence sums, tallied in one pass over the model's predictions and
/// stored in <c>model_daily_counts</c>. Window figures are then pooled from that small table. The recurring run
/// recomputes only models with data newer than their counts, and runs drift for models whose reference changed.
/// </summary>
internal sealed class ModelMetricsJob(
    SqliteDatabase database,
    ModelCatalog catalog,
    ModelDriftJob drift,
    ModelJobGate gate,
    TimeProvider time,
    ILogger<ModelMetricsJob> logger)
{
    public const string RecurringJobId = "model-metrics";

    // Rows in timestamp order (the index): each day's groups are complete when the next day starts, so the tally is
    // streamed without a sort and holds one day's groups at a time, however many predictions there are.
    private const string ScanSql =
        "SELECT timestamp, predicted, actual, confidence FROM model_predictions WHERE model_id = @m ORDER BY timestamp";
    private const string InsertSql =
        "INSERT INTO model_daily_counts (model_id, day, predicted, actual, count, confidence_sum, confidence_count) VALUES (@m, @d, @p, @a, @n, @s, @c)";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await ModelIdsAsync("SELECT id FROM models WHERE data_version <> computed_version ORDER BY id", cancellationToken))
            await ComputeAsync(id, cancellationToken);
        foreach (var id in await ModelIdsAsync("SELECT id FROM models WHERE drift_pending = 1 ORDER BY id", cancellationToken))
            await drift.RunAsync(id, cancellationToken);
    }

    /// <summary>Recomputes one model's daily counts; returns the number of days with predictions.</summary>
    [AutomaticRetry(Attempts = 2)]
    public async Task<int> ComputeAsync(long modelId, CancellationToken cancellationToken)
    {
        await gate.Metrics.WaitAsync(cancellationToken);
        try
        {
            var started = time.GetTimestamp();
            await using var connection = await database.OpenAsync(cancellationToken);
            // Read before counting: data arriving meanwhile leaves the model marked for the next run.
            var version = Scalar(connection, "SELECT data_version FROM models WHERE id = @m", modelId);
            if (version is null) return 0;

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
                    done.Parameters.AddWithValue("@now", time.GetUtcNow().UtcTicks);
                    done.Parameters.AddWithValue("@m", modelId);
                    await done.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            var days = rows.Select(r => r.Day).Distinct().Count();
            logger.LogDebug("Model {ModelId}: daily counts of {Days} days in {Elapsed} ms", modelId, days, time.GetElapsedTime(started).TotalMilliseconds);
            catalog.NotifyChanged();
            return days;
        }
        finally
        {
            gate.Metrics.Release();
        }
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
