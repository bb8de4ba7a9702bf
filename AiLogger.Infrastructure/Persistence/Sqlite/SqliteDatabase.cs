using System.Globalization;
using AiLogger.Domain.Logs.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>The SQLite file: connection string, per-connection pragmas, size on disk.</summary>
public sealed class SqliteDatabase : IStorageHealth
{
    public const string ConnectionStringName = "AiLogger";
    public const string DefaultConnectionString = "Data Source=ailogger.db";

    /// <summary>SQL function confirming a phrase the keyword index (which keeps no positions) found as loose tokens.</summary>
    public const string PhraseFunction = "ail_phrase";

    private readonly string _pragmas;

    public SqliteDatabase(IConfiguration configuration, IOptions<StorageOptions> options, DataFolder folder)
    {
        var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString(ConnectionStringName) ?? DefaultConnectionString)
        {
            Pooling = true,
        };
        if (string.IsNullOrWhiteSpace(builder.DataSource)) builder.DataSource = "ailogger.db";
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
            builder.DataSource = folder.Resolve(builder.DataSource);
        ConnectionString = builder.ToString();
        FilePath = builder.DataSource;
        var synchronous = options.Value.Synchronous.Equals("Full", StringComparison.OrdinalIgnoreCase) ? "FULL" : "NORMAL";
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout={(int)options.Value.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous={synchronous}; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;");
    }

    public string ConnectionString { get; }

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        AddFunctions(connection);
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        AddFunctions(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static void AddFunctions(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?, string, long, bool>(PhraseFunction,
            (message, exception, phrase, prefix) => FullTextTokens.ContainsPhrase(message, exception, phrase, prefix != 0),
            isDeterministic: true);

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM log_events LIMIT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (SqliteException error)
        {
            return error.Message;
        }
    }

    /// <summary>Main file plus write-ahead log, in bytes.</summary>
    public long SizeOnDisk()
    {
        // SQLite deletes the write-ahead log when its last connection closes, so the file can go between two calls.
        static long Size(string path)
        {
            try
            {
                var file = new FileInfo(path);
                return file.Exists ? file.Length : 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
        return Size(FilePath) + Size(FilePath + "-wal");
    }
}
