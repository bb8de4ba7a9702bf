using System.Text;
using System.Text.Json;
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
internal sealed class SqliteLogAppender : ILogAppender
{
    private const string InsertEventSql =
        "INSERT INTO log_events (id, timestamp, level, message, message_template, source, exception, trace_id, span_id, parent_span_id, event_type, properties, tags) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
    private const string InsertFtsSql = "INSERT INTO log_events_fts (rowid, message, exception) VALUES (?1, ?2, ?3)";
    private const string UpsertRollupSql =
        "INSERT INTO log_rollups (minute, source, level, count) VALUES (?1, ?2, ?3, ?4) " +
        "ON CONFLICT (minute, source, level) DO UPDATE SET count = count + excluded.count";
    private const string UpdateKeySql =
        "UPDATE api_keys SET events_ingested = events_ingested + ?1, last_used_at = ?2 WHERE id = ?3";

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insertEvent;
    private readonly sqlite3_stmt _insertFts;
    private readonly sqlite3_stmt _upsertRollup;
    private readonly sqlite3_stmt _updateKey;
    private readonly Dictionary<(long Minute, string Source, int Level), long> _rollups = new();
    private readonly Dictionary<long, long> _keyUsage = new();
    private long _lastId;

    public SqliteLogAppender(SqliteDatabase database)
    {
        _connection = database.Open();
        _db = _connection.Handle!;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM log_events";
            _lastId = (long)command.ExecuteScalar()!;
        }
        _insertEvent = Prepare(InsertEventSql);
        _insertFts = Prepare(InsertFtsSql);
        _upsertRollup = Prepare(UpsertRollupSql);
        _updateKey = Prepare(UpdateKeySql);
    }

    public void Append(IReadOnlyList<PendingBatch> batches, DateTimeOffset now)
    {
        var firstId = _lastId;
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
                    InsertEvent(e);
                    var minute = e.Timestamp.UtcTicks - e.Timestamp.UtcTicks % TimeSpan.TicksPerMinute;
                    var key = (minute, e.Source ?? string.Empty, (int)e.Level);
                    _rollups[key] = _rollups.GetValueOrDefault(key) + 1;
                }
                if (batch.ApiKeyId is { } keyId)
                    _keyUsage[keyId] = _keyUsage.GetValueOrDefault(keyId) + events.Length;
            }

            foreach (var ((minute, source, level), count) in _rollups)
            {
                Bind(_upsertRollup, 1, minute);
                Bind(_upsertRollup, 2, source);
                Bind(_upsertRollup, 3, level);
                Bind(_upsertRollup, 4, count);
                Step(_upsertRollup);
            }
            foreach (var (keyId, count) in _keyUsage)
            {
                Bind(_updateKey, 1, count);
                Bind(_updateKey, 2, now.UtcTicks);
                Bind(_updateKey, 3, keyId);
                Step(_updateKey);
            }
            Exec("COMMIT");
            _lastId = id;
        }
        catch
        {
            if (raw.sqlite3_get_autocommit(_db) == 0) raw.sqlite3_exec(_db, "ROLLBACK");
            throw;
        }
        finally
        {
            _rollups.Clear();
            _keyUsage.Clear();
        }
    }

    private void InsertEvent(LogEvent e)
    {
        var s = _insertEvent;
        Bind(s, 1, e.Id);
        Bind(s, 2, e.Timestamp.UtcTicks);
        Bind(s, 3, (int)e.Level);
        Bind(s, 4, e.Message);
        Bind(s, 5, e.MessageTemplate);
        Bind(s, 6, e.Source);
        Bind(s, 7, e.Exception);
        Bind(s, 8, e.TraceId);
        Bind(s, 9, e.SpanId);
        Bind(s, 10, e.ParentSpanId);
        Bind(s, 11, e.EventType);
        Bind(s, 12, e.PropertiesJson);
        Bind(s, 13, e.Tags.Count == 0 ? null : JsonSerializer.Serialize(e.Tags));
        Step(s);

        Bind(_insertFts, 1, e.Id);
        Bind(_insertFts, 2, e.Message);
        Bind(_insertFts, 3, e.Exception);
        Step(_insertFts);
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
        _insertEvent.Dispose();
        _insertFts.Dispose();
        _upsertRollup.Dispose();
        _updateKey.Dispose();
        _connection.Dispose();
    }
}
