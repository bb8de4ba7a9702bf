using System.Globalization;
using AiLogger.Infrastructure.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The PostgreSQL end of <c>--migrate-from-sqlite</c>: binary COPY per table, values converted from SQLite's
/// storage classes to each column's type, the keyword document computed for every event, day partitions made as the
/// writer makes them.
/// </summary>
internal sealed class PostgresStoreImport(PostgresDatabase database) : IStoreImport
{
    public string Description => $"PostgreSQL database {database.DatabaseName} on {database.Host}";

    public async Task EnsureEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
                         "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '__EFMigrationsHistory'", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) tables.Add(reader.GetString(0));
        foreach (var table in tables)
        {
            await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {Quote(table)})", connection);
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
                throw new StoreMigrationException(
                    $"The target database {database.DatabaseName} is not empty ({table} has rows): migrate into a new, empty database, before AI-Logger's first start on it.");
        }
    }

    public bool IsPartitioned(string table, out string column, out long bucket)
    {
        (column, bucket) = table switch
        {
            PostgresDayPartitions.Events => ("timestamp", TimeSpan.TicksPerHour),
            PostgresDayPartitions.Spans => ("start_time", TimeSpan.TicksPerHour * 100),
            _ => ("", 0),
        };
        return bucket > 0;
    }

    public async Task PrepareAsync(string table, IReadOnlyList<long> buckets, CancellationToken cancellationToken)
    {
        IsPartitioned(table, out _, out var bucket);
        var days = buckets.Select(b => table == PostgresDayPartitions.Spans
            ? PostgresDayPartitions.DayOfUnixNano(b * bucket)
            : PostgresDayPartitions.DayOfTicks(b * bucket)).Distinct();
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var day in days)
        {
            await using var command = new NpgsqlCommand(PostgresDayPartitions.CreateSql(table, day), connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<long> CopyAsync(string table, IReadOnlyList<string> columns, IAsyncEnumerable<object?[]> rows, Action<long> progress,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var types = await ColumnTypesAsync(connection, table, cancellationToken);
        var targetTypes = columns.Select(c => types.TryGetValue(c, out var t) ? t
            : throw new StoreMigrationException($"The PostgreSQL table {table} has no column {c}; run this build once on the source to bring its schema up to date.")).ToArray();
        // Events also carry their keyword document, which SQLite keeps in its own index.
        var withSearch = table == "log_events" && types.ContainsKey("search");
        var message = columns.ToList().IndexOf("message");
        var exception = columns.ToList().IndexOf("exception");
        var copyColumns = columns.Select(Quote).Concat(withSearch ? ["search"] : []);

        long count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
                         $"COPY {Quote(table)} ({string.Join(", ", copyColumns)}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    var (type, value) = Convert(targetTypes[i], row[i], table, columns[i]);
                    if (value is null) await importer.WriteNullAsync(cancellationToken);
                    else await importer.WriteAsync(value, type, cancellationToken);
                }
                if (withSearch)
                    await importer.WriteAsync(PostgresTsVector.Document(row[message] as string, exception >= 0 ? row[exception] as string : null),
                        NpgsqlDbType.Bytea, cancellationToken);
                if (++count % 10_000 == 0) progress(count);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        return count;
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Quote(table)}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Every sequence a column owns (identity columns, and the ones the raw-SQL stores take ids from).
        var owned = new List<(string Sequence, string Table, string Column)>();
        await using (var list = new NpgsqlCommand("""
                         SELECT s.relname, t.relname, a.attname FROM pg_class s
                         JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                         JOIN pg_class t ON t.oid = d.refobjid
                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                         JOIN pg_namespace n ON n.oid = s.relnamespace
                         WHERE s.relkind = 'S' AND n.nspname = current_schema()
                         """, connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) owned.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        foreach (var (sequence, table, column) in owned)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT setval({Literal(Quote(sequence))}, GREATEST(COALESCE(MAX({Quote(column)}), 0), 1), COALESCE(MAX({Quote(column)}), 0) > 0) FROM {Quote(table)}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<Dictionary<string, string>> ColumnTypesAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t", connection);
        command.Parameters.AddWithValue("t", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) types[reader.GetString(0)] = reader.GetString(1);
        return types;
    }

    /// <summary>SQLite keeps integers, reals, text and blobs; EF Core stores booleans as 0/1, decimals and dates as text.</summary>
    private static (NpgsqlDbType Type, object? Value) Convert(string columnType, object? value, string table, string column)
    {
        if (value is null) return (NpgsqlDbType.Unknown, null);
        var invariant = CultureInfo.InvariantCulture;
        try
        {
            return columnType switch
            {
                "bigint" => (NpgsqlDbType.Bigint, System.Convert.ToInt64(value, invariant)),
                "integer" => (NpgsqlDbType.Integer, System.Convert.ToInt32(value, invariant)),
                "smallint" => (NpgsqlDbType.Smallint, System.Convert.ToInt16(value, invariant)),
                "boolean" => (NpgsqlDbType.Boolean, value is long l ? l != 0 : System.Convert.ToBoolean(value, invariant)),
                "double precision" => (NpgsqlDbType.Double, System.Convert.ToDouble(value, invariant)),
                "real" => (NpgsqlDbType.Real, System.Convert.ToSingle(value, invariant)),
                "numeric" => (NpgsqlDbType.Numeric, value is string s ? decimal.Parse(s, NumberStyles.Float, invariant) : System.Convert.ToDecimal(value, invariant)),
                "timestamp with time zone" => (NpgsqlDbType.TimestampTz,
                    value is string t ? DateTimeOffset.Parse(t, invariant, DateTimeStyles.AssumeUniversal).UtcDateTime : new DateTime(System.Convert.ToInt64(value, invariant), DateTimeKind.Utc)),
                "json" => (NpgsqlDbType.Json, PostgresText.Clean(System.Convert.ToString(value, invariant))),
                "jsonb" => (NpgsqlDbType.Jsonb, PostgresText.Clean(System.Convert.ToString(value, invariant))),
                "bytea" => (NpgsqlDbType.Bytea, value as byte[] ?? System.Text.Encoding.UTF8.GetBytes(System.Convert.ToString(value, invariant)!)),
                "uuid" => (NpgsqlDbType.Uuid, value is byte[] b ? new Guid(b) : Guid.Parse(System.Convert.ToString(value, invariant)!)),
                // PostgreSQL text holds no NUL, and Npgsql refuses lone surrogates: stored as U+FFFD, as the writer does.
                _ => (NpgsqlDbType.Text, PostgresText.Clean(value as string ?? System.Convert.ToString(value, invariant))),
            };
        }
        catch (Exception error) when (error is FormatException or InvalidCastException or OverflowException)
        {
            throw new StoreMigrationException($"{table}.{column}: the value {Excerpt(value)} does not fit PostgreSQL's {columnType} column.", error);
        }
    }

    private static string Excerpt(object value) => value.ToString() is { Length: > 40 } s ? s[..40] + "…" : value.ToString() ?? "";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
