using Npgsql;

namespace AiLogger.Bench;

/// <summary>
/// <c>--provider postgres</c>: a fresh database on <c>AILOGGER_BENCH_POSTGRES</c> (default the local server), dropped
/// when the run ends; or a named one that is kept, so a large generated store serves several runs.
/// </summary>
public sealed class BenchPostgres : IDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private readonly bool _keep;

    private BenchPostgres(string connectionString, bool keep = false)
    {
        ConnectionString = connectionString;
        _keep = keep;
    }

    public string ConnectionString { get; }

    public static BenchPostgres Create()
    {
        var name = "ailogger_bench_" + Guid.NewGuid().ToString("N")[..12];
        CreateDatabase(name, ifMissing: false);
        return new BenchPostgres(new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    /// <summary>The database <paramref name="name"/>, created when missing and kept after the run.</summary>
    public static BenchPostgres Named(string name)
    {
        CreateDatabase(name, ifMissing: true);
        return new BenchPostgres(new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString, keep: true);
    }

    private static string Server => Environment.GetEnvironmentVariable("AILOGGER_BENCH_POSTGRES") is { Length: > 0 } s ? s : DefaultServer;

    private static void CreateDatabase(string name, bool ifMissing)
    {
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        if (ifMissing)
        {
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            if (exists.ExecuteScalar() is not null) return;
        }
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
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
        if (_keep) return;
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
