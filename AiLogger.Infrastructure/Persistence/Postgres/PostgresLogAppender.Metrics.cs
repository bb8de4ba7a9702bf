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

    // Several nodes write the same rollups, so every commit writes its own: nothing waits.
    public bool HasDeferredWork => false;

    public void WriteDeferred(DateTimeOffset now)
    {
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

        public void InsertPoints(IReadOnlyList<MetricPointRow> points, Span<bool> inserted)
        {
            for (var i = 0; i < points.Count; i++)
            {
                var p = points[i];
                using var command = Command("INSERT INTO metric_points (series_id, time, start_time, value, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    p.SeriesId, p.Time, p.Start, p.Value, Text(p.Data));
                inserted[i] = command.ExecuteNonQuery() > 0;
            }
        }

        public IReadOnlyList<long> PendingRollupMinutes() =>
            MetricRollupMarker.Parse(Scalar("SELECT value FROM settings WHERE key = $1", MetricRollupMarker.SettingKey) as string);

        public void SetPendingRollupMinutes(IReadOnlyCollection<long> minutes, DateTimeOffset now)
        {
            using var command = minutes.Count > 0
                ? Command("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    MetricRollupMarker.SettingKey, MetricRollupMarker.Format(minutes), now.UtcTicks)
                : Command("DELETE FROM settings WHERE key = $1", MetricRollupMarker.SettingKey);
            command.ExecuteNonQuery();
        }

        public void DeleteRollups(int resolution, long bucket)
        {
            using var command = Command("DELETE FROM metric_rollups WHERE resolution = $1 AND bucket = $2", resolution, bucket);
            command.ExecuteNonQuery();
        }

        public IEnumerable<(long SeriesId, string Data)> RollupsBetween(int resolution, long from, long to)
        {
            var rows = new List<(long, string)>();
            using var command = Command("SELECT series_id, data FROM metric_rollups WHERE resolution = $1 AND bucket >= $2 AND bucket < $3", resolution, from, to);
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
            return rows;
        }

        public IEnumerable<(long SeriesId, Domain.SystemMetrics.MetricPoint Point)> PointsBetween(long from, long to)
        {
            // Read whole before the caller runs other statements: one connection runs one command at a time.
            var rows = new List<(long, Domain.SystemMetrics.MetricPoint)>();
            using var command = Command("SELECT p.series_id, p.time, p.start_time, p.value, p.data, s.name, s.type, s.monotonic, s.unit, s.service, s.host, s.scope, s.attributes " +
                "FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE p.time >= $1 AND p.time < $2 ORDER BY p.time", from, to);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var series = new MetricSeriesEntity
                {
                    Key = string.Empty, Name = reader.GetString(5), Type = reader.GetInt32(6), Monotonic = reader.GetBoolean(7), Unit = reader.GetString(8),
                    Service = reader.GetString(9), Host = reader.GetString(10), Scope = reader.GetString(11), Attributes = reader.GetString(12),
                };
                rows.Add((reader.GetInt64(0), MetricJson.Point(series, reader.GetInt64(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4))));
            }
            return rows;
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
