using System.Text;
using System.Text.Json;
using AiLogger.Domain.Imports;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Logs;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The SQLite writer: prepared statements on the raw handle (ADO.NET's per-statement overhead would be most
/// of the cost), one transaction per group, ids assigned here in ingestion order.
/// </summary>
internal sealed partial class SqliteLogAppender : ILogAppender
{
    // Multi-row INSERTs: most of a single-row insert's cost is per statement, not per row.
    private const int RowsPerStatement = 64;
    private const int EventColumns = 13;
    private const int FtsColumns = 3;
    private const string Columns =
        "log_events (id, timestamp, level, message, template_id, source, exception, trace_id, span_id, parent_span_id, event_type, properties, tags)";
    private const string TemplateIdSql =
        "INSERT INTO message_templates (text) VALUES (?1) ON CONFLICT (text) DO UPDATE SET text = excluded.text RETURNING id";
    private const int TemplateCacheLimit = 50_000;
    private const string UpsertRollupSql =
        "INSERT INTO log_rollups (minute, source, level, count) VALUES (?1, ?2, ?3, ?4) " +
        "ON CONFLICT (minute, source, level) DO UPDATE SET count = count + excluded.count";
    private const string UpsertHourlySql =
        "INSERT INTO log_rollups_hourly (hour, source, level, count) VALUES (?1, ?2, ?3, ?4) " +
        "ON CONFLICT (hour, source, level) DO UPDATE SET count = count + excluded.count";
    private const string UpsertBlockSql =
        "INSERT INTO log_blocks (block, min_ts, max_ts) VALUES (?1, ?2, ?3) " +
        "ON CONFLICT (block) DO UPDATE SET min_ts = min(min_ts, excluded.min_ts), max_ts = max(max_ts, excluded.max_ts)";
    private const string UpdateImportSql =
        "UPDATE imports SET read_offset = ?1, line_number = ?2, bytes_read = ?3, lines_read = lines_read + ?4, " +
        "events_imported = events_imported + ?5, lines_rejected = lines_rejected + ?6, updated_at = ?7, status = COALESCE(?8, status), " +
        "finished_at = CASE WHEN ?8 IN ('completed', 'failed') THEN ?7 ELSE finished_at END WHERE id = ?9";
    private const string InsertImportErrorSql =
        "INSERT INTO import_errors (import_id, line_number, reason, excerpt) VALUES (?1, ?2, ?3, ?4)";
    private const string UpdateKeySql =
        "UPDATE api_keys SET events_ingested = events_ingested + ?1, last_used_at = ?2 WHERE id = ?3";

    // Under steady writes a PASSIVE checkpoint never catches up, and SQLite only restarts the log once one has;
    // past this size the writer itself finishes the checkpoint between two commits.
    private const long TruncateWalBytes = 64L * 1024 * 1024;
    private readonly string _walPath;
    private int _commits;
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insertEvents;
    private readonly sqlite3_stmt _insertEvent;
    private readonly sqlite3_stmt _insertFtsRows;
    private readonly sqlite3_stmt _insertFts;
    private readonly List<LogEvent> _group = new(4096);
    private readonly sqlite3_stmt _upsertRollup;
    private readonly sqlite3_stmt _updateKey;
    private readonly sqlite3_stmt _upsertHourly;
    private readonly sqlite3_stmt _upsertBlock;
    private readonly Dictionary<(long Hour, string Source, int Level), long> _hourly = new();
    private readonly Dictionary<long, (long Min, long Max)> _blocks = new();
    private readonly sqlite3_stmt _templateId;
    private readonly sqlite3_stmt _updateImport;
    private readonly sqlite3_stmt _insertImportError;
    private readonly Dictionary<string, long> _templateIds = new(StringComparer.Ordinal);
    private readonly List<string> _newTemplates = [];
    private readonly Dictionary<(long Minute, string Source, int Level), long> _rollups = new();
    private readonly Dictionary<long, long> _keyUsage = new();
    private long _lastId;

    private readonly SystemMetrics.SystemMetricsOptions _metricOptions;

    public SqliteLogAppender(SqliteDatabase database, SystemMetrics.SystemMetricsOptions? metricOptions = null)
    {
        _metricOptions = metricOptions ?? new SystemMetrics.SystemMetricsOptions();
        _connection = database.Open();
        _walPath = database.FilePath + "-wal";
        _db = _connection.Handle!;
        // Checkpoints run on another thread (SqliteCheckpointer); here they would stall every commit.
        // No memory map here: the pages the writer touches would count as its resident memory, and it reads little.
        Exec("PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864; PRAGMA mmap_size=0;");
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM log_events";
            _lastId = (long)command.ExecuteScalar()!;
        }
        _insertEvents = Prepare(InsertSql(Columns, EventColumns, RowsPerStatement));
        _insertEvent = Prepare(InsertSql(Columns, EventColumns, 1));
        _insertFtsRows = Prepare(InsertSql("log_events_fts (rowid, message, exception)", FtsColumns, RowsPerStatement));
        _insertFts = Prepare(InsertSql("log_events_fts (rowid, message, exception)", FtsColumns, 1));
        _upsertRollup = Prepare(UpsertRollupSql);
        _updateKey = Prepare(UpdateKeySql);
        _upsertHourly = Prepare(UpsertHourlySql);
        _upsertBlock = Prepare(UpsertBlockSql);
        _templateId = Prepare(TemplateIdSql);
        _updateImport = Prepare(UpdateImportSql);
        _insertImportError = Prepare(InsertImportErrorSql);
    }

    public void Append(IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        var firstId = _lastId;
        var spanId = LastSpanId();
        var committed = false;
        Exec("BEGIN IMMEDIATE");
        try
        {
            var id = firstId;
            foreach (var batch in batches)
            {
                var events = batch.Events;
                for (var i = 0; i < events.Length; i++)
                {
                    var e = events[i] with { Id = ++id };
                    events[i] = e;
                    _group.Add(e);
                    var ticks = e.Timestamp.UtcTicks;
                    var key = (ticks - ticks % TimeSpan.TicksPerMinute, e.Source ?? string.Empty, (int)e.Level);
                    _rollups[key] = _rollups.GetValueOrDefault(key) + 1;
                    var block = id >> LogBlock.Shift;
                    _blocks[block] = _blocks.TryGetValue(block, out var span) ? (Math.Min(span.Min, ticks), Math.Max(span.Max, ticks)) : (ticks, ticks);
                }
                if (batch.ApiKeyId is { } keyId)
                    _keyUsage[keyId] = _keyUsage.GetValueOrDefault(keyId) + events.Length + batch.Spans.Length + batch.Metrics.Length + batch.TestCases;
            }
            InsertEvents();
            AppendSpans(batches, ref spanId);
            AppendMetrics(batches, now);
            AppendTestRuns(batches, now);

            foreach (var ((minute, source, level), count) in _rollups)
            {
                Bind(_upsertRollup, 1, minute);
                Bind(_upsertRollup, 2, source);
                Bind(_upsertRollup, 3, level);
                Bind(_upsertRollup, 4, count);
                Step(_upsertRollup);
                var hour = (minute - minute % TimeSpan.TicksPerHour, source, level);
                _hourly[hour] = _hourly.GetValueOrDefault(hour) + count;
            }
            foreach (var ((hour, source, level), count) in _hourly)
            {
                Bind(_upsertHourly, 1, hour);
                Bind(_upsertHourly, 2, source);
                Bind(_upsertHourly, 3, level);
                Bind(_upsertHourly, 4, count);
                Step(_upsertHourly);
            }
            foreach (var (block, (min, max)) in _blocks)
            {
                Bind(_upsertBlock, 1, block);
                Bind(_upsertBlock, 2, min);
                Bind(_upsertBlock, 3, max);
                Step(_upsertBlock);
            }
            foreach (var (keyId, count) in _keyUsage)
            {
                Bind(_updateKey, 1, count);
                Bind(_updateKey, 2, now.UtcTicks);
                Bind(_updateKey, 3, keyId);
                Step(_updateKey);
            }
            foreach (var batch in batches)
                if (batch.Progress is { } progress) StoreProgress(progress, batch.Events.Length, now);
            Exec("COMMIT");
            committed = true;
            _lastId = id;
            if (++_commits % 16 == 0 && new FileInfo(_walPath) is { Exists: true, Length: > TruncateWalBytes })
                raw.sqlite3_exec(_db, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch
        {
            if (raw.sqlite3_get_autocommit(_db) == 0) raw.sqlite3_exec(_db, "ROLLBACK");
            // Ids handed out inside the rolled-back transaction no longer exist.
            foreach (var template in _newTemplates) _templateIds.Remove(template);
            throw;
        }
        finally
        {
            ClearSpans(committed, spanId);
            EndMetrics(committed);
            ClearTestRuns(committed, batches);
            _newTemplates.Clear();
            _group.Clear();
            _rollups.Clear();
            _hourly.Clear();
            _blocks.Clear();
            _keyUsage.Clear();
        }
    }

    private void StoreProgress(ImportProgress progress, int events, DateTimeOffset now)
    {
        Bind(_updateImport, 1, progress.Offset);
        Bind(_updateImport, 2, progress.LineNumber);
        Bind(_updateImport, 3, progress.BytesRead);
        Bind(_updateImport, 4, progress.LinesRead);
        Bind(_updateImport, 5, events);
        Bind(_updateImport, 6, progress.LinesRejected);
        Bind(_updateImport, 7, now.UtcTicks);
        Bind(_updateImport, 8, progress.Status);
        Bind(_updateImport, 9, progress.ImportId);
        Step(_updateImport);
        foreach (var rejected in progress.Rejected)
        {
            Bind(_insertImportError, 1, progress.ImportId);
            Bind(_insertImportError, 2, rejected.LineNumber);
            Bind(_insertImportError, 3, rejected.Reason);
            Bind(_insertImportError, 4, rejected.Excerpt);
            Step(_insertImportError);
        }
    }

    private void InsertEvents()
    {
        var full = _group.Count - _group.Count % RowsPerStatement;
        for (var start = 0; start < full; start += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++) BindEvent(_insertEvents, row * EventColumns, _group[start + row]);
            Step(_insertEvents);
            for (var row = 0; row < RowsPerStatement; row++) BindFts(_insertFtsRows, row * FtsColumns, _group[start + row]);
            Step(_insertFtsRows);
        }
        for (var i = full; i < _group.Count; i++)
        {
            BindEvent(_insertEvent, 0, _group[i]);
            Step(_insertEvent);
            BindFts(_insertFts, 0, _group[i]);
            Step(_insertFts);
        }
    }

    private void BindEvent(sqlite3_stmt s, int offset, LogEvent e)
    {
        Bind(s, offset + 1, e.Id);
        Bind(s, offset + 2, e.Timestamp.UtcTicks);
        Bind(s, offset + 3, (int)e.Level);
        Bind(s, offset + 4, e.Message);
        if (e.MessageTemplate is null) raw.sqlite3_bind_null(s, offset + 5);
        else Bind(s, offset + 5, TemplateId(e.MessageTemplate));
        Bind(s, offset + 6, e.Source);
        Bind(s, offset + 7, e.Exception);
        Bind(s, offset + 8, e.TraceId);
        Bind(s, offset + 9, e.SpanId);
        Bind(s, offset + 10, e.ParentSpanId);
        Bind(s, offset + 11, e.EventType);
        Bind(s, offset + 12, e.PropertiesJson);
        Bind(s, offset + 13, e.Tags.Count == 0 ? null : JsonSerializer.Serialize(e.Tags));
    }

    private long TemplateId(string template)
    {
        if (_templateIds.TryGetValue(template, out var id)) return id;
        Bind(_templateId, 1, template);
        var rc = raw.sqlite3_step(_templateId);
        if (rc != raw.SQLITE_ROW)
        {
            raw.sqlite3_reset(_templateId);
            Check(rc);
        }
        id = raw.sqlite3_column_int64(_templateId, 0);
        raw.sqlite3_reset(_templateId);
        if (_templateIds.Count >= TemplateCacheLimit) _templateIds.Clear();
        _templateIds[template] = id;
        _newTemplates.Add(template);
        return id;
    }

    private void BindFts(sqlite3_stmt s, int offset, LogEvent e)
    {
        Bind(s, offset + 1, e.Id);
        Bind(s, offset + 2, e.Message);
        Bind(s, offset + 3, e.Exception);
    }

    /// <summary><c>INSERT INTO table (…) VALUES (?,…),(?,…)…</c> with numbered parameters, <paramref name="rows"/> rows.</summary>
    private static string InsertSql(string tableAndColumns, int columns, int rows)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(tableAndColumns).Append(" VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 1; column <= columns; column++)
                sql.Append(column == 1 ? "?" : ",?").Append(row * columns + column);
            sql.Append(')');
        }
        return sql.ToString();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
    }

    private void Exec(string sql) => Check(raw.sqlite3_exec(_db, sql));

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    private void Bind(sqlite3_stmt statement, int index, long value) => raw.sqlite3_bind_int64(statement, index, value);

    private void Bind(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
            return;
        }
        // Encode into a pooled buffer; SQLite copies it (SQLITE_TRANSIENT).
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 1024)
        {
            Span<byte> buffer = stackalloc byte[max];
            var length = Encoding.UTF8.GetBytes(value, buffer);
            raw.sqlite3_bind_text(statement, index, buffer[..length]);
        }
        else
        {
            var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max);
            try
            {
                var length = Encoding.UTF8.GetBytes(value, rented);
                raw.sqlite3_bind_text(statement, index, rented.AsSpan(0, length));
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
    }

    public void Dispose()
    {
        raw.sqlite3_exec(_db, "PRAGMA wal_checkpoint(TRUNCATE)");
        _insertEvents.Dispose();
        _insertEvent.Dispose();
        _insertFtsRows.Dispose();
        _insertFts.Dispose();
        _upsertRollup.Dispose();
        _updateKey.Dispose();
        _templateId.Dispose();
        _upsertHourly.Dispose();
        _upsertBlock.Dispose();
        _updateImport.Dispose();
        _insertImportError.Dispose();
        DisposeSpanStatements();
        DisposeMetricStatements();
        DisposeTestStatements();
        _connection.Dispose();
    }
}
