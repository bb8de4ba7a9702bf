using AiLogger.Domain.Logs;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Logs;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

public static class PostgresStorage
{
    /// <summary>Every store on one PostgreSQL database, shared by every node.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IStorageHealth>(provider => provider.GetRequiredService<PostgresDatabase>());
        services.AddSingleton<IStoragePreparation, PostgresPreparation>();
        services.AddDbContextFactory<PostgresDbContext>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<PostgresDatabase>().DataSource));
        // Everything outside this folder asks for the base context.
        services.AddSingleton<IDbContextFactory<AiLoggerDbContext>, BaseContextFactory>();
        services.AddScoped<AiLoggerDbContext>(provider => provider.GetRequiredService<IDbContextFactory<PostgresDbContext>>().CreateDbContext());
        // Migration from a SQLite store (--migrate-from-sqlite).
        services.AddSingleton<Storage.IStoreImport, PostgresStoreImport>();
        services.AddSingleton<Storage.IStoreExportFactory, Sqlite.SqliteStoreExportFactory>();
        services.AddSingleton<Storage.StoreMigration>();

        // Writer: events, spans, rollups, key usage and import progress, one transaction per group commit.
        services.AddSingleton<Func<ILogAppender>>(provider => () => new PostgresLogAppender(provider.GetRequiredService<PostgresDatabase>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SystemMetrics.SystemMetricsOptions>>().Value));

        // Reads of logs, retention and storage statistics.
        services.AddSingleton<ISqlDialect, PostgresSqlDialect>();
        services.AddSingleton<ILogSearch, PostgresLogSearch>();
        services.AddSingleton<ILogStatistics, PostgresLogStatistics>();
        services.AddSingleton<ILogAggregator, PostgresLogAggregator>();
        services.AddSingleton<IRetentionStore, PostgresRetention>();
        services.AddSingleton<IStorageStatistics, PostgresStorageStatistics>();

        // Traces and model monitoring; backups and restore (made with pg_dump and pg_restore, so these say so).
        services.AddSingleton<ITraceStore, PostgresTraceStore>();
        services.AddSingleton<ITraceStatistics, PostgresTraceStatistics>();
        services.AddSingleton<IPredictionIngestor, PostgresPredictionStore>();
        services.AddSingleton<IModelJobStore, PostgresModelJobStore>();
        services.AddSingleton<IBackupStore, PostgresBackups>();
        services.AddSingleton<IStoreRestore, PostgresRestore>();

        // Scale-out runtime: Hangfire's jobs in the same database (schema hangfire), so every node sees one set of jobs
        // and a recurring job runs on one node per schedule.
        services.AddSingleton<Hangfire.JobStorage>(provider => PostgresJobStorage.Create(provider.GetRequiredService<PostgresDatabase>()));
        return services;
    }

    private sealed class BaseContextFactory(IDbContextFactory<PostgresDbContext> inner) : IDbContextFactory<AiLoggerDbContext>
    {
        public AiLoggerDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AiLoggerDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}

/// <summary>Waits for the server at start-up (it may still be starting beside us), then gives up with one line.</summary>
internal sealed class PostgresPreparation(PostgresDatabase database, IOptions<StorageOptions> options, ILogger<PostgresPreparation> logger) : IStoragePreparation
{
    public string Description => $"PostgreSQL database {database.DatabaseName} on {database.Host}";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Value.StartupTimeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await PostgresJobStorage.InstallSchemaAsync(connection, cancellationToken);
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (error is PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification or PostgresErrorCodes.InvalidCatalogName })
                    throw new StorageStartupException($"PostgreSQL refused AI-Logger ({database.Host}, database {database.DatabaseName}): {error.Message}", error);
                if (DateTime.UtcNow >= deadline)
                    throw new StorageStartupException(
                        $"PostgreSQL at {database.Host} (database {database.DatabaseName}) did not answer within {options.Value.StartupTimeout.TotalSeconds:0} s: {error.Message}", error);
                logger.LogWarning("PostgreSQL at {Host} is not reachable yet (attempt {Attempt}): {Reason}", database.Host, attempt, error.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
            }
        }
    }
}
