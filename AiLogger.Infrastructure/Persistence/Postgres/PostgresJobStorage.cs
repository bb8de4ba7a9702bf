using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>Hangfire.PostgreSql on AI-Logger's own database, in its own schema, which it creates and upgrades itself.</summary>
internal static class PostgresJobStorage
{
    public const string Schema = "hangfire";

    public static JobStorage Create(PostgresDatabase database)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            // Enqueued jobs are noticed within a second on every node (the default waits 15 s).
            QueuePollInterval = TimeSpan.FromSeconds(1),
            DistributedLockTimeout = TimeSpan.FromMinutes(2),
        };
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "AI-Logger jobs" }.ConnectionString;
        return new PostgreSqlStorage(new Connections(NpgsqlDataSource.Create(connection)), options);
    }

    /// <summary>Hangfire's own pool, apart from the stores' (its polling never takes their connections).</summary>
    private sealed class Connections(NpgsqlDataSource source) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => source.CreateConnection();
    }
}
