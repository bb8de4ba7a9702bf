using System.Runtime.CompilerServices;
using AiLogger.Infrastructure.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>Opens a SQLite store for a migration: brought to this build's schema first (as a start would), then read only.</summary>
internal sealed class SqliteStoreExportFactory : IStoreExportFactory
{
    public async Task<IStoreExport> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            await using (var db = new AiLoggerDbContext(new DbContextOptionsBuilder<AiLoggerDbContext>().UseSqlite(connectionString).Options))
            {
                var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
                var newer = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
                if (newer.Count > 0)
                    throw new StoreMigrationException($"{full} comes from a newer AI-Logger (its schema has {newer[^1]}); migrate it with that version.");
                await db.Database.MigrateAsync(cancellationToken);
            }
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            return new SqliteStoreExport(full, connection);
        }
        catch (SqliteException error)
        {
            throw new StoreMigrationException($"{full} is not an AI-Logger SQLite store: {error.Message}", error);
        }
    }
}

internal sealed class SqliteStoreExport(string path, SqliteConnection connection) : IStoreExport
{
    public string Description => $"SQLite {path}";

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {Quote(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async IAsyncEnumerable<object?[]> ReadAsync(string table, IReadOnlyList<string> columns, IReadOnlyList<string> orderBy,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)} ORDER BY {string.Join(", ", orderBy.Select(Quote))}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    public async Task<IReadOnlyList<long>> BucketsAsync(string table, string column, long bucket, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {Quote(column)} / {bucket} FROM {Quote(table)}";
        var days = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) days.Add(reader.GetInt64(0));
        return days;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
