using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>The PostgreSQL database: one pooled data source for EF Core and the raw-SQL stores, health and size.</summary>
public sealed class PostgresDatabase : IStorageHealth, IDisposable
{
    private static readonly TimeSpan SizeRefresh = TimeSpan.FromSeconds(10);
    private readonly Lock _sizeGate = new();
    private long _size;
    private long? _sizeReadAt;

    public PostgresDatabase(IConfiguration configuration)
    {
        var text = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
            throw new StorageStartupException(
                $"{StorageOptions.Section}:Provider=Postgres needs ConnectionStrings:{ConnectionStringName} set to a PostgreSQL connection " +
                "string, such as Host=db;Database=ailogger;Username=ailogger;Password=…");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException error)
        {
            throw new StorageStartupException($"ConnectionStrings:{ConnectionStringName} is not a PostgreSQL connection string: {error.Message}", error);
        }
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "AI-Logger";
        ConnectionString = builder.ConnectionString;
        DatabaseName = builder.Database ?? builder.Username ?? "postgres";
        Host = builder.Host ?? "localhost";
        DataSource = new NpgsqlDataSourceBuilder(ConnectionString).Build();
    }

    public const string ConnectionStringName = "AiLogger";

    public string ConnectionString { get; }

    public string DatabaseName { get; }

    public string Host { get; }

    public NpgsqlDataSource DataSource { get; }

    public NpgsqlConnection Open() => DataSource.OpenConnection();

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => await DataSource.OpenConnectionAsync(cancellationToken);

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException)
        {
            return error.Message;
        }
    }

    /// <summary>The database's size as PostgreSQL reports it, read at most every 10 seconds.</summary>
    public long SizeOnDisk()
    {
        lock (_sizeGate)
        {
            if (_sizeReadAt is { } readAt && Stopwatch.GetElapsedTime(readAt) < SizeRefresh) return _size;
            _sizeReadAt = Stopwatch.GetTimestamp();
        }
        try
        {
            using var connection = Open();
            using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            var size = (long)command.ExecuteScalar()!;
            lock (_sizeGate) _size = size;
            return size;
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException)
        {
            lock (_sizeGate) return _size;
        }
    }

    public void Dispose() => DataSource.Dispose();
}
