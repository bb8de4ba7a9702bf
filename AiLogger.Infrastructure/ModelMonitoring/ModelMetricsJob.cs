using AiLogger.Infrastructure.Persistence.Sqlite;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// The metrics job (Hangfire): per model and UTC day (of the prediction's timestamp), counts of predictions by
/// predicted and actual class with their confidence sums, computed with one GROUP BY over the model's predictions
/// and stored in <c>model_daily_counts</c>. Window figures are then pooled from that small table. The recurring run
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

    private const string CountSql =
        "SELECT timestamp - timestamp % @day, predicted, COALESCE(actual, ''), COUNT(*), TOTAL(confidence), COUNT(confidence) " +
        "FROM model_predictions WHERE model_id = @m GROUP BY 1, 2, 3";
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

            var rows = new List<(long Day, string Predicted, string Actual, long Count, double Sum, long Confidences)>();
            await using (var count = connection.CreateCommand())
            {
                count.CommandText = CountSql;
                count.Parameters.AddWithValue("@day", TimeSpan.TicksPerDay);
                count.Parameters.AddWithValue("@m", modelId);
                await using var reader = await count.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5)));
            }

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
