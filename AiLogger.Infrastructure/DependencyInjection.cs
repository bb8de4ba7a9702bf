using AiLogger.Domain.Ingest;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Live;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.Persistence.Sqlite;
using AiLogger.Infrastructure.Security;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddAiLoggerInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section)).ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddOptions<BootstrapOptions>().Bind(configuration.GetSection(BootstrapOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();

        // Storage (the provider seam: SQLite today).
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorageHealth>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddDbContextFactory<AiLoggerDbContext>((provider, options) =>
            options.UseSqlite(provider.GetRequiredService<SqliteDatabase>().ConnectionString));
        services.AddSingleton<ISqlDialect, SqliteSqlDialect>();
        services.AddSingleton<LogQuerySqlTranslator>();
        services.AddSingleton<ILogSearch, SqliteLogSearch>();
        services.AddSingleton<ILogStatistics, SqliteLogStatistics>();
        services.AddSingleton<ILogRetention, SqliteLogRetention>();
        services.AddSingleton<Func<ILogAppender>>(provider => () => new SqliteLogAppender(provider.GetRequiredService<SqliteDatabase>()));

        // The one ingestion path.
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<IngestMeter>();
        services.AddSingleton<IIngestProcessor, MinimumLevelProcessor>();
        services.AddSingleton<IIngestProcessor, AppliedPropertiesProcessor>();
        services.AddSingleton<IIngestProcessor>(provider => new DropFilterProcessor(
            provider.GetRequiredService<IOptions<IngestOptions>>().Value.DropFilters.Select(LogQuery.Parse).ToList()));
        services.AddSingleton<IIngestor, Ingestor>();
        services.AddSingleton<EventReaderSettings>();
        services.AddSingleton<ClefReader>();
        services.AddSingleton<SeqLegacyReader>();
        services.AddSingleton<SeqPayloadReader>();
        services.AddSingleton<JsonRecordReader>();
        services.AddSingleton<ILiveLogFeed, InProcessLiveLogFeed>();

        services.AddSingleton<IApiKeyStore, ApiKeyStore>();
        services.AddTransient<RetentionJob>();

        // Order matters: the schema exists before the writer opens its connection.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<LogWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<LogWriter>());
        services.AddHostedService<SqliteCheckpointer>();
        return services;
    }

    /// <summary>Registers the recurring jobs with Hangfire (idempotent).</summary>
    public static void ScheduleAiLoggerJobs(this IRecurringJobManager jobs, RetentionOptions retention)
    {
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), retention.Schedule);
    }
}
