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
            // Installed at start-up, once the server answers (PostgresPreparation): the storage is built with the hosted
            // services, before that, and would otherwise fail the start on a server that is still starting.
            PrepareSchemaIfNecessary = false,
            // Enqueued jobs are noticed within a second on every node (the default waits 15 s).
            QueuePollInterval = TimeSpan.FromSeconds(1),
            DistributedLockTimeout = TimeSpan.FromMinutes(2),
        };
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "AI-Logger jobs" }.ConnectionString;
        return new PostgreSqlStorage(new Connections(NpgsqlDataSource.Create(connection)), options);
    }

    /// <summary>Creates or upgrades Hangfire's schema; nodes starting together take turns.</summary>
    public static async Task InstallSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaLock})", connection))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaLock})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private const long SchemaLock = 0x41494C4F47480001;

    /// <summary>Hangfire's own pool, apart from the stores' (its polling never takes their connections).</summary>
    private sealed class Connections(NpgsqlDataSource source) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => source.CreateConnection();
    }
}
