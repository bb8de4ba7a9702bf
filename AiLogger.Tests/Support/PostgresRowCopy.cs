using System.Globalization;
using AiLogger.Infrastructure.Persistence.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Tests.Support;

/// <summary>
/// Copies the trace rows (spans, their resources, trace summaries) and the events of a SQLite store, as SQLite's writer
/// made them, into a PostgreSQL database, creating the day partitions first: the same rows on both providers, so their
/// reads can be compared. (Until the PostgreSQL writer exists, this is how its tables get rows in tests.)
/// </summary>
public static class PostgresRowCopy
{
    private const long NanosPerDay = 86_400_000_000_000;

    private static readonly string[] SpanColumns =
    [
        "id", "trace_id", "span_id", "parent_span_id", "name", "kind", "service", "scope", "start_time", "end_time", "duration", "status", "status_message",
        "attributes", "events", "links", "resource_id", "is_gen_ai", "gen_ai_model", "input_tokens", "output_tokens", "trace_key", "span_key",
    ];

    private static readonly string[] TraceColumns =
        ["trace_id", "trace_key", "start_time", "end_time", "span_count", "error_count", "root_name", "root_service", "services", "input_tokens", "output_tokens", "models"];

    private static readonly string[] EventColumns =
        ["id", "timestamp", "level", "message", "source", "exception", "trace_id", "span_id", "parent_span_id", "event_type", "properties", "tags", "template_id"];

    public static async Task CopyAsync(string sqlitePath, string postgres)
    {
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync();
        await using var target = new NpgsqlConnection(postgres);
        await target.OpenAsync();
        await using var transaction = await target.BeginTransactionAsync();

        await CopyTableAsync(source, target, "span_resources", ["id", "json"]);
        await CopyTableAsync(source, target, "message_templates", ["id", "text"]);
        foreach (var day in await DaysAsync(source, $"SELECT DISTINCT start_time / {NanosPerDay} FROM spans"))
            await PartitionAsync(target, "spans", DateTime.UnixEpoch.AddDays(day), day * NanosPerDay, (day + 1) * NanosPerDay);
        foreach (var day in await DaysAsync(source, $"SELECT DISTINCT timestamp / {TimeSpan.TicksPerDay} FROM log_events"))
            await PartitionAsync(target, "log_events", new DateTime(day * TimeSpan.TicksPerDay, DateTimeKind.Utc), day * TimeSpan.TicksPerDay, (day + 1) * TimeSpan.TicksPerDay);
        await CopyTableAsync(source, target, "spans", SpanColumns, convert: (column, value) => column == "is_gen_ai" ? Convert.ToInt64(value, CultureInfo.InvariantCulture) == 1 : value);
        await CopyTableAsync(source, target, "traces", TraceColumns);
        await CopyTableAsync(source, target, "log_events", EventColumns,
            json: ["properties", "tags"], search: row => PostgresSearchDocument.Build(row[3] as string, row[5] as string));
        await transaction.CommitAsync();
    }

    /// <summary>A day's partition, <c>table_yyyyMMdd</c>, bounded in the unit of the table's time column.</summary>
    public static async Task PartitionAsync(NpgsqlConnection connection, string table, DateTime day, long from, long to)
    {
        var name = $"{table}_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        await using var command = new NpgsqlCommand($"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES FROM ({from}) TO ({to})", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<long>> DaysAsync(SqliteConnection source, string sql)
    {
        await using var command = source.CreateCommand();
        command.CommandText = sql;
        var days = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) days.Add(reader.GetInt64(0));
        return days;
    }

    private static async Task CopyTableAsync(SqliteConnection source, NpgsqlConnection target, string table, string[] columns,
        Func<string, object?, object?>? convert = null, string[]? json = null, Func<object?[], string>? search = null)
    {
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}";
        var names = search is null ? columns : [.. columns, "search"];
        var values = string.Join(", ", names.Select((c, i) => c == "search" ? $"@v{i}::tsvector" : $"@v{i}"));
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < columns.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            await using var insert = new NpgsqlCommand($"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({values})", target);
            for (var i = 0; i < columns.Length; i++)
            {
                var value = convert is null ? row[i] : convert(columns[i], row[i]);
                insert.Parameters.Add(json?.Contains(columns[i]) == true
                    ? new NpgsqlParameter($"v{i}", NpgsqlDbType.Json) { Value = value ?? DBNull.Value }
                    : new NpgsqlParameter($"v{i}", value ?? DBNull.Value));
            }
            if (search is not null) insert.Parameters.AddWithValue($"v{columns.Length}", search(row));
            await insert.ExecuteNonQueryAsync();
        }
    }
}
