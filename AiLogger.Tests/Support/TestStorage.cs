using Npgsql;

namespace AiLogger.Tests.Support;

/// <summary>
/// The provider the storage-neutral fixtures run on: SQLite unless <c>AILOGGER_TEST_PROVIDER=postgres</c>, then a fresh
/// database per fixture on the server <c>AILOGGER_TEST_POSTGRES</c> names (default: the local one .ci/run starts).
/// </summary>
public static class TestStorage
{
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("AILOGGER_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string Server => Environment.GetEnvironmentVariable("AILOGGER_TEST_POSTGRES") is { Length: > 0 } server ? server : DefaultServer;

    /// <summary>Redis for scale-out tests: <c>AILOGGER_TEST_REDIS</c>, default the local server on 6379.</summary>
    public static string Redis => Environment.GetEnvironmentVariable("AILOGGER_TEST_REDIS") is { Length: > 0 } redis ? redis : "127.0.0.1:6379";

    /// <summary>Whether a PostgreSQL server answers at <see cref="Server"/>.</summary>
    public static bool PostgresAvailable()
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Timeout = 3 }.ConnectionString);
            connection.Open();
            return true;
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreatePostgresDatabase()
    {
        var name = "ailogger_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(Server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The storage settings of a fixture: SQLite at <paramref name="sqlitePath"/>, or a new PostgreSQL database.</summary>
    public static Dictionary<string, string?> Settings(string sqlitePath, out string? postgresDatabase)
    {
        if (!IsPostgres)
        {
            postgresDatabase = null;
            return new() { ["ConnectionStrings:AiLogger"] = $"Data Source={sqlitePath}" };
        }
        // The app picks its stores while Program registers services, before WebApplicationFactory's settings apply;
        // the environment is read by then. The whole run is on one provider, so setting it process-wide is exact.
        Environment.SetEnvironmentVariable("AiLogger__Storage__Provider", "Postgres");
        postgresDatabase = CreatePostgresDatabase();
        return new()
        {
            ["ConnectionStrings:AiLogger"] = postgresDatabase,
            ["AiLogger:Storage:Provider"] = "Postgres",
        };
    }
}

/// <summary>
/// For tests that need PostgreSQL (or Redis) whatever the provider of the run: skips without a server, unless
/// <c>AILOGGER_SCALE_OUT=required</c> (.ci/run, which starts both), where a missing server is a failure.
/// </summary>
public static class ScaleOut
{
    public static void RequirePostgres()
    {
        if (TestStorage.PostgresAvailable()) return;
        Fail($"no PostgreSQL server answers at {TestStorage.Server} (set AILOGGER_TEST_POSTGRES)");
    }

    public static void RequireRedis()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            var endpoint = TestStorage.Redis.Split(',')[0].Split(':');
            if (client.ConnectAsync(endpoint[0], endpoint.Length > 1 ? int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture) : 6379).Wait(3_000)) return;
        }
        catch (AggregateException)
        {
        }
        Fail($"no Redis server answers at {TestStorage.Redis} (set AILOGGER_TEST_REDIS)");
    }

    /// <summary>For tests that start their own Redis (<see cref="RedisServer"/>): redis-server on the PATH.</summary>
    public static void RequireRedisServer()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "redis-server")));
        if (!found) Fail("redis-server is not installed (apt-get install redis-server)");
    }

    private static void Fail(string reason)
    {
        if (Environment.GetEnvironmentVariable("AILOGGER_SCALE_OUT") == "required")
            throw new InvalidOperationException(reason + "; AILOGGER_SCALE_OUT=required makes this a failure.");
        Skip.If(true, reason);
    }
}

public static class SqliteOnly
{
    /// <summary>
    /// A test of SQLite's own files or tables (its FTS index, its backup files, its file size) skips on a PostgreSQL run,
    /// naming the test that covers the same on PostgreSQL.
    /// </summary>
    public static void Require(string postgresCounterpart) =>
        Skip.If(TestStorage.IsPostgres, $"SQLite's own storage; on PostgreSQL see {postgresCounterpart}.");
}
