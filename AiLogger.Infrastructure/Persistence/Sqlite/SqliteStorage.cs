using AiLogger.Domain.Logs;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Domain.Storage;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

public static class SqliteStorage
{
    /// <summary>Every store on one SQLite file (the default provider).</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services)
    {
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorageHealth>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IStoragePreparation, SqlitePreparation>();
        services.AddDbContextFactory<AiLoggerDbContext>((provider, options) =>
            options.UseSqlite(provider.GetRequiredService<SqliteDatabase>().ConnectionString));
        services.AddSingleton<ISqlDialect, SqliteSqlDialect>();
        services.AddSingleton<ILogSearch, SqliteLogSearch>();
        services.AddSingleton<ILogStatistics, SqliteLogStatistics>();
        services.AddSingleton<ILogAggregator, SqliteLogAggregator>();
        services.AddSingleton<IRetentionStore, SqliteRetention>();
        services.AddSingleton<IStorageStatistics, SqliteStorageStatistics>();
        services.AddSingleton<Func<ILogAppender>>(provider => () => new SqliteLogAppender(provider.GetRequiredService<SqliteDatabase>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SystemMetrics.SystemMetricsOptions>>().Value));
        services.AddSingleton<ITraceStore, SqliteTraceStore>();
        services.AddSingleton<ITraceStatistics, SqliteTraceStatistics>();
        services.AddSingleton<IPredictionIngestor, SqlitePredictionStore>();
        services.AddSingleton<IModelJobStore, SqliteModelJobStore>();
        services.AddSingleton<IBackupStore, SqliteBackups>();
        services.AddSingleton<IStoreRestore, SqliteRestore>();
        services.AddHostedService<SqliteCheckpointer>();
        // One node: jobs live in memory (each keeps its progress in AI-Logger's tables, so a restart loses nothing).
        services.AddSingleton<Hangfire.JobStorage>(_ => new Hangfire.InMemory.InMemoryStorage());
        return services;
    }
}

/// <summary>Creates the file's folder and turns on WAL before migrations run.</summary>
internal sealed class SqlitePreparation(SqliteDatabase database) : IStoragePreparation
{
    public string Description => $"SQLite at {database.FilePath}";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(database.FilePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        await wal.ExecuteNonQueryAsync(cancellationToken);
    }
}
