using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.SystemMetrics;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The writer's part for metric points: <see cref="MetricSeriesWriter"/>'s statements in the writer's transaction.
/// Several nodes write the same series, so nothing read from the tables is kept past a commit (the writer lock
/// orders the nodes' transactions, and each reads what the one before it committed).
/// </summary>
internal sealed partial class PostgresLogAppender
{
    private MetricSeriesWriter? _metrics;

    private void AppendMetrics(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        if (!MetricSeriesWriter.HasMetrics(batches)) return;
        _metrics ??= new MetricSeriesWriter(_metricOptions, sharedStore: true);
        _metrics.Write(batches, new Rows(connection, transaction), now);
    }

    private void EndMetrics(bool committed)
    {
        if (_metrics is null) return;
        if (committed) _metrics.Committed();
        else _metrics.RolledBack();
    }

    private sealed class Rows(NpgsqlConnection connection, NpgsqlTransaction transaction) : IMetricRows
    {
        public long? FindSeries(string key) =>
            Scalar("SELECT id FROM metric_series WHERE key = $1", key) is long id ? id : null;

        public long InsertSeries(MetricSeriesEntity s) =>
            (long)Scalar("INSERT INTO metric_series (key, name, service, scope, host, unit, type, monotonic, temporality, description, attributes, resource, first_seen, last_seen, overflow) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
                s.Key, Text(s.Name), Text(s.Service), Text(s.Scope), Text(s.Host), Text(s.Unit), s.Type, s.Monotonic, s.Temporality,
                Text(s.Description), Text(s.Attributes), Text(s.Resource), s.FirstSeen, s.LastSeen, s.Overflow)!;

        public int CountSeries(string name) =>
            (int)(long)Scalar("SELECT count(*) FROM metric_series WHERE name = $1 AND NOT overflow", Text(name))!;

        public bool InsertPoint(long seriesId, long time, long start, double? value, string? data)
        {
            using var command = Command("INSERT INTO metric_points (series_id, time, start_time, value, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                seriesId, time, start, value, Text(data));
            return command.ExecuteNonQuery() > 0;
        }

        public (long Time, long Start, double? Value, string? Data)? LastPointBefore(long seriesId, long time)
        {
            using var command = Command("SELECT time, start_time, value, data FROM metric_points WHERE series_id = $1 AND time < $2 ORDER BY time DESC LIMIT 1", seriesId, time);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            return (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        public string? ReadRollup(long seriesId, int resolution, long bucket) =>
            Scalar("SELECT data FROM metric_rollups WHERE series_id = $1 AND resolution = $2 AND bucket = $3", seriesId, resolution, bucket) as string;

        public void UpsertRollup(long seriesId, int resolution, long bucket, string data)
        {
            using var command = Command("INSERT INTO metric_rollups (series_id, resolution, bucket, data) VALUES ($1, $2, $3, $4) " +
                "ON CONFLICT (series_id, resolution, bucket) DO UPDATE SET data = excluded.data", seriesId, resolution, bucket, Text(data));
            command.ExecuteNonQuery();
        }

        public void TouchSeries(long seriesId, long lastSeen)
        {
            using var command = Command("UPDATE metric_series SET last_seen = greatest(last_seen, $2) WHERE id = $1", seriesId, lastSeen);
            command.ExecuteNonQuery();
        }

        private static string? Text(string? value) => PostgresText.Clean(value);

        private object? Scalar(string sql, params object?[] values)
        {
            using var command = Command(sql, values);
            var result = command.ExecuteScalar();
            return result is DBNull ? null : result;
        }

        private NpgsqlCommand Command(string sql, params object?[] values)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var value in values)
                command.Parameters.Add(value switch
                {
                    null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown },
                    _ => new NpgsqlParameter { Value = value },
                });
            return command;
        }
    }
}
