using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.SystemMetrics;
using SQLitePCL;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>The writer's part for metric points: <see cref="MetricSeriesWriter"/>'s statements on the writer's own handle.</summary>
internal sealed partial class SqliteLogAppender : IMetricRows
{
    private const string FindSeriesSql = "SELECT id FROM metric_series WHERE key = ?1";
    private const string InsertSeriesSql =
        "INSERT INTO metric_series (key, name, service, scope, host, unit, type, monotonic, temporality, description, attributes, resource, first_seen, last_seen, overflow) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id";
    private const string CountSeriesSql = "SELECT count(*) FROM metric_series WHERE name = ?1 AND overflow = 0";
    private const string InsertPointSql =
        "INSERT INTO metric_points (series_id, time, start_time, value, data) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";
    private const string LastPointSql =
        "SELECT time, start_time, value, data FROM metric_points WHERE series_id = ?1 AND time < ?2 ORDER BY time DESC LIMIT 1";
    private const string ReadRollupSql = "SELECT data FROM metric_rollups WHERE series_id = ?1 AND resolution = ?2 AND bucket = ?3";
    private const string UpsertMetricRollupSql =
        "INSERT INTO metric_rollups (series_id, resolution, bucket, data) VALUES (?1, ?2, ?3, ?4) " +
        "ON CONFLICT (series_id, resolution, bucket) DO UPDATE SET data = excluded.data";
    private const string TouchSeriesSql = "UPDATE metric_series SET last_seen = max(last_seen, ?2) WHERE id = ?1";

    private MetricSeriesWriter? _metrics;
    private sqlite3_stmt? _findSeries, _insertSeries, _countSeries, _insertPoint, _lastPoint, _readRollup, _upsertMetricRollup, _touchSeries;

    private void AppendMetrics(IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        if (!MetricSeriesWriter.HasMetrics(batches)) return;
        if (_findSeries is null)
        {
            _findSeries = Prepare(FindSeriesSql);
            _insertSeries = Prepare(InsertSeriesSql);
            _countSeries = Prepare(CountSeriesSql);
            _insertPoint = Prepare(InsertPointSql);
            _lastPoint = Prepare(LastPointSql);
            _readRollup = Prepare(ReadRollupSql);
            _upsertMetricRollup = Prepare(UpsertMetricRollupSql);
            _touchSeries = Prepare(TouchSeriesSql);
        }
        _metricWriter.Write(batches, this, now);
    }

    private MetricSeriesWriter _metricWriter => _metrics ??= new MetricSeriesWriter(_metricOptions);

    private void EndMetrics(bool committed)
    {
        if (_metrics is null) return;
        if (committed) _metrics.Committed();
        else _metrics.RolledBack();
    }

    long? IMetricRows.FindSeries(string key)
    {
        Bind(_findSeries!, 1, key);
        return ReadLong(_findSeries!);
    }

    long IMetricRows.InsertSeries(MetricSeriesEntity s)
    {
        var q = _insertSeries!;
        Bind(q, 1, s.Key);
        Bind(q, 2, s.Name);
        Bind(q, 3, s.Service);
        Bind(q, 4, s.Scope);
        Bind(q, 5, s.Host);
        Bind(q, 6, s.Unit);
        Bind(q, 7, s.Type);
        Bind(q, 8, s.Monotonic ? 1 : 0);
        Bind(q, 9, s.Temporality);
        Bind(q, 10, s.Description);
        Bind(q, 11, s.Attributes);
        Bind(q, 12, s.Resource);
        Bind(q, 13, s.FirstSeen);
        Bind(q, 14, s.LastSeen);
        Bind(q, 15, s.Overflow ? 1 : 0);
        return ReadLong(q) ?? throw new InvalidOperationException("INSERT … RETURNING gave no id.");
    }

    int IMetricRows.CountSeries(string name)
    {
        Bind(_countSeries!, 1, name);
        return (int)(ReadLong(_countSeries!) ?? 0);
    }

    bool IMetricRows.InsertPoint(long seriesId, long time, long start, double? value, string? data)
    {
        var q = _insertPoint!;
        Bind(q, 1, seriesId);
        Bind(q, 2, time);
        Bind(q, 3, start);
        if (value is { } v) raw.sqlite3_bind_double(q, 4, v);
        else raw.sqlite3_bind_null(q, 4);
        Bind(q, 5, data);
        Step(q);
        return raw.sqlite3_changes(_db) > 0;
    }

    (long Time, long Start, double? Value, string? Data)? IMetricRows.LastPointBefore(long seriesId, long time)
    {
        var q = _lastPoint!;
        Bind(q, 1, seriesId);
        Bind(q, 2, time);
        var rc = raw.sqlite3_step(q);
        try
        {
            if (rc == raw.SQLITE_DONE) return null;
            if (rc != raw.SQLITE_ROW) Check(rc);
            return (raw.sqlite3_column_int64(q, 0), raw.sqlite3_column_int64(q, 1),
                raw.sqlite3_column_type(q, 2) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(q, 2),
                raw.sqlite3_column_type(q, 3) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(q, 3).utf8_to_string());
        }
        finally
        {
            raw.sqlite3_reset(q);
        }
    }

    string? IMetricRows.ReadRollup(long seriesId, int resolution, long bucket)
    {
        var q = _readRollup!;
        Bind(q, 1, seriesId);
        Bind(q, 2, resolution);
        Bind(q, 3, bucket);
        var rc = raw.sqlite3_step(q);
        try
        {
            if (rc == raw.SQLITE_DONE) return null;
            if (rc != raw.SQLITE_ROW) Check(rc);
            return raw.sqlite3_column_text(q, 0).utf8_to_string();
        }
        finally
        {
            raw.sqlite3_reset(q);
        }
    }

    void IMetricRows.UpsertRollup(long seriesId, int resolution, long bucket, string data)
    {
        var q = _upsertMetricRollup!;
        Bind(q, 1, seriesId);
        Bind(q, 2, resolution);
        Bind(q, 3, bucket);
        Bind(q, 4, data);
        Step(q);
    }

    void IMetricRows.TouchSeries(long seriesId, long lastSeen)
    {
        Bind(_touchSeries!, 1, seriesId);
        Bind(_touchSeries!, 2, lastSeen);
        Step(_touchSeries!);
    }

    private long? ReadLong(sqlite3_stmt q)
    {
        var rc = raw.sqlite3_step(q);
        try
        {
            if (rc == raw.SQLITE_DONE) return null;
            if (rc != raw.SQLITE_ROW) Check(rc);
            return raw.sqlite3_column_int64(q, 0);
        }
        finally
        {
            raw.sqlite3_reset(q);
        }
    }

    private void DisposeMetricStatements()
    {
        _findSeries?.Dispose();
        _insertSeries?.Dispose();
        _countSeries?.Dispose();
        _insertPoint?.Dispose();
        _lastPoint?.Dispose();
        _readRollup?.Dispose();
        _upsertMetricRollup?.Dispose();
        _touchSeries?.Dispose();
    }
}
