using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.SystemMetrics;
using AiLogger.Domain.SystemMetrics;
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
    private const int PointsPerInsert = 64;
    private const string PointsHead = "INSERT INTO metric_points (series_id, time, start_time, value, data) VALUES ";
    private const string PointsTail = " ON CONFLICT DO NOTHING";
    private const string LastPointSql =
        "SELECT time, start_time, value, data FROM metric_points WHERE series_id = ?1 AND time < ?2 ORDER BY time DESC LIMIT 1";
    private const string ReadRollupSql = "SELECT data FROM metric_rollups WHERE series_id = ?1 AND resolution = ?2 AND bucket = ?3";
    private const string UpsertMetricRollupSql =
        "INSERT INTO metric_rollups (series_id, resolution, bucket, data) VALUES (?1, ?2, ?3, ?4) " +
        "ON CONFLICT (series_id, resolution, bucket) DO UPDATE SET data = excluded.data";
    private const string TouchSeriesSql = "UPDATE metric_series SET last_seen = max(last_seen, ?2) WHERE id = ?1";
    private const string ReadMarkerSql = "SELECT value FROM settings WHERE key = ?1";
    private const string WriteMarkerSql =
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
    private const string DeleteMarkerSql = "DELETE FROM settings WHERE key = ?1";
    private const string DeleteRollupsSql = "DELETE FROM metric_rollups WHERE resolution = ?1 AND bucket = ?2";
    private const string RollupsBetweenSql = "SELECT series_id, data FROM metric_rollups WHERE resolution = ?1 AND bucket >= ?2 AND bucket < ?3";
    private const string PointsBetweenSql =
        "SELECT p.series_id, p.time, p.start_time, p.value, p.data, s.name, s.type, s.monotonic, s.unit, s.service, s.host, s.scope, s.attributes " +
        "FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE p.time >= ?1 AND p.time < ?2 ORDER BY p.time";

    private MetricSeriesWriter? _metrics;
    private sqlite3_stmt? _findSeries, _insertSeries, _countSeries, _insertPoints, _insertPoint, _lastPoint, _readRollup, _upsertMetricRollup, _touchSeries;

    private void AppendMetrics(IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        if (!MetricSeriesWriter.HasMetrics(batches)) return;
        PrepareMetricStatements();
        _metricWriter.Write(batches, this, now);
    }

    public bool HasDeferredWork => _metricWriter.HasWork;

    public void WriteDeferred(DateTimeOffset now)
    {
        if (!_metricWriter.HasWork) return;
        PrepareMetricStatements();
        var committed = false;
        Exec("BEGIN IMMEDIATE");
        try
        {
            _metricWriter.WriteWaiting(this, now);
            Exec("COMMIT");
            committed = true;
        }
        finally
        {
            if (!committed && raw.sqlite3_get_autocommit(_db) == 0) raw.sqlite3_exec(_db, "ROLLBACK");
            EndMetrics(committed);
        }
    }

    private void PrepareMetricStatements()
    {
        if (_findSeries is null)
        {
            _findSeries = Prepare(FindSeriesSql);
            _insertSeries = Prepare(InsertSeriesSql);
            _countSeries = Prepare(CountSeriesSql);
            _insertPoints = Prepare(PointsSql(PointsPerInsert));
            _insertPoint = Prepare(PointsSql(1));
            _lastPoint = Prepare(LastPointSql);
            _readRollup = Prepare(ReadRollupSql);
            _upsertMetricRollup = Prepare(UpsertMetricRollupSql);
            _touchSeries = Prepare(TouchSeriesSql);
        }
    }

    private static string PointsSql(int rows) =>
        PointsHead + string.Join(", ", Enumerable.Range(0, rows).Select(r => $"(?{(r * 5) + 1}, ?{(r * 5) + 2}, ?{(r * 5) + 3}, ?{(r * 5) + 4}, ?{(r * 5) + 5})")) + PointsTail;

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

    void IMetricRows.InsertPoints(IReadOnlyList<MetricPointRow> points, Span<bool> inserted)
    {
        var i = 0;
        for (; i + PointsPerInsert <= points.Count; i += PointsPerInsert)
            InsertPoints(_insertPoints!, points, i, PointsPerInsert, inserted);
        for (; i < points.Count; i++)
            InsertPoints(_insertPoint!, points, i, 1, inserted);
    }

    /// <summary>
    /// One multi-row statement under a savepoint. Duplicates (an exporter's retry) are rare: when fewer rows went in
    /// than were sent, the statement is undone and the rows go in one by one, each telling whether it was new.
    /// </summary>
    private void InsertPoints(sqlite3_stmt q, IReadOnlyList<MetricPointRow> points, int first, int count, Span<bool> inserted)
    {
        if (count == 1)
        {
            inserted[first] = InsertRows(q, points, first, 1) == 1;
            return;
        }
        Exec("SAVEPOINT metric_points");
        if (InsertRows(q, points, first, count) == count)
        {
            Exec("RELEASE metric_points");
            inserted.Slice(first, count).Fill(true);
            return;
        }
        Exec("ROLLBACK TO metric_points");
        Exec("RELEASE metric_points");
        for (var r = 0; r < count; r++) inserted[first + r] = InsertRows(_insertPoint!, points, first + r, 1) == 1;
    }

    private int InsertRows(sqlite3_stmt q, IReadOnlyList<MetricPointRow> points, int first, int count)
    {
        for (var r = 0; r < count; r++)
        {
            var p = points[first + r];
            var at = r * 5;
            Bind(q, at + 1, p.SeriesId);
            Bind(q, at + 2, p.Time);
            Bind(q, at + 3, p.Start);
            if (p.Value is { } v) raw.sqlite3_bind_double(q, at + 4, v);
            else raw.sqlite3_bind_null(q, at + 4);
            Bind(q, at + 5, p.Data);
        }
        Step(q);
        return raw.sqlite3_changes(_db);
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

    IReadOnlyList<long> IMetricRows.PendingRollupMinutes()
    {
        using var q = Prepare(ReadMarkerSql);
        Bind(q, 1, MetricRollupMarker.SettingKey);
        var rc = raw.sqlite3_step(q);
        if (rc == raw.SQLITE_DONE) return [];
        if (rc != raw.SQLITE_ROW) Check(rc);
        return MetricRollupMarker.Parse(Text(q, 0));
    }

    void IMetricRows.SetPendingRollupMinutes(IReadOnlyCollection<long> minutes, DateTimeOffset now)
    {
        using var q = Prepare(minutes.Count == 0 ? DeleteMarkerSql : WriteMarkerSql);
        Bind(q, 1, MetricRollupMarker.SettingKey);
        if (minutes.Count > 0)
        {
            Bind(q, 2, MetricRollupMarker.Format(minutes));
            Bind(q, 3, now.UtcTicks);
        }
        Step(q);
    }

    void IMetricRows.DeleteRollups(int resolution, long bucket)
    {
        using var q = Prepare(DeleteRollupsSql);
        Bind(q, 1, resolution);
        Bind(q, 2, bucket);
        Step(q);
    }

    IEnumerable<(long SeriesId, string Data)> IMetricRows.RollupsBetween(int resolution, long from, long to)
    {
        using var q = Prepare(RollupsBetweenSql);
        Bind(q, 1, resolution);
        Bind(q, 2, from);
        Bind(q, 3, to);
        int rc;
        while ((rc = raw.sqlite3_step(q)) == raw.SQLITE_ROW)
            yield return (raw.sqlite3_column_int64(q, 0), raw.sqlite3_column_text(q, 1).utf8_to_string());
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    IEnumerable<(long SeriesId, MetricPoint Point)> IMetricRows.PointsBetween(long from, long to)
    {
        using var q = Prepare(PointsBetweenSql);
        Bind(q, 1, from);
        Bind(q, 2, to);
        int rc;
        while ((rc = raw.sqlite3_step(q)) == raw.SQLITE_ROW)
        {
            var series = new MetricSeriesEntity
            {
                Key = string.Empty,
                Name = Text(q, 5)!,
                Type = raw.sqlite3_column_int(q, 6),
                Monotonic = raw.sqlite3_column_int(q, 7) != 0,
                Unit = Text(q, 8) ?? string.Empty,
                Service = Text(q, 9) ?? string.Empty,
                Host = Text(q, 10) ?? string.Empty,
                Scope = Text(q, 11) ?? string.Empty,
                Attributes = Text(q, 12) ?? "{}",
            };
            yield return (raw.sqlite3_column_int64(q, 0), MetricJson.Point(series, raw.sqlite3_column_int64(q, 1), raw.sqlite3_column_int64(q, 2),
                raw.sqlite3_column_type(q, 3) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(q, 3), Text(q, 4)));
        }
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    private static string? Text(sqlite3_stmt q, int column) =>
        raw.sqlite3_column_type(q, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(q, column).utf8_to_string();

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
        _insertPoints?.Dispose();
        _insertPoint?.Dispose();
        _lastPoint?.Dispose();
        _readRollup?.Dispose();
        _upsertMetricRollup?.Dispose();
        _touchSeries?.Dispose();
    }
}
