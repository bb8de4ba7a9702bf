using Npgsql;

namespace AiLogger.Bench;

/// <summary>
/// <c>--provider postgres</c>: a fresh database on <c>AILOGGER_BENCH_POSTGRES</c> (default the local server), dropped
/// when the run ends.
/// </summary>
public sealed class BenchPostgres : IDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private BenchPostgres(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static BenchPostgres Create()
    {
        var server = Environment.GetEnvironmentVariable("AILOGGER_BENCH_POSTGRES") is { Length: > 0 } s ? s : DefaultServer;
        var name = "ailogger_bench_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return new BenchPostgres(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public long SizeBytes()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var name = builder.Database;
        builder.Database = "postgres";
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
