using AiLogger.Domain.Alerts;
using AiLogger.Domain.Imports;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Imports;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Live;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Infrastructure.Persistence.Sqlite;
using AiLogger.Infrastructure.Security;
using AiLogger.Infrastructure.Storage;
using AiLogger.Domain.Storage;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>();
        services.AddOptions<ModelOptions>().Bind(configuration.GetSection(ModelOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();

        // Storage: the provider seam (DESIGN §2). Each provider registers its stores from its own folder.
        services.AddSingleton<DataFolder>();
        services.AddSingleton<ScaleOut.NodeIdentity>();
        services.AddSingleton<ScaleOut.ClusterLocks>();
        var postgres = IsPostgres(configuration);
        if (postgres) services.AddPostgresStorage();
        else services.AddSqliteStorage();
        services.AddSingleton(new RegisteredStorage(postgres ? StorageProviders.Postgres : StorageProviders.Sqlite));
        services.AddSingleton<LogQuerySqlTranslator>();
        services.AddSingleton<RollupQueryTranslator>();
        services.AddSingleton<ISavedSearchStore, SavedSearchStore>();
        services.AddSingleton<IRetentionSettingsStore, RetentionSettingsStore>();

        // The one ingestion path.
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<IngestAdmission>();
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
        services.AddLiveFanOut();
        services.AddSingleton<Ingest.Otlp.OtlpTraceReader>();
        // LLM costs: configuration's default prices and the custom ones admins keep, one cached table.
        services.AddOptions<Traces.PriceOptions>().Bind(configuration.GetSection(Traces.PriceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Traces.PriceOptions>, Traces.PriceOptionsValidator>();
        services.AddSingleton<Traces.ModelPriceStore>();
        services.AddSingleton<Domain.Traces.IModelPriceStore>(provider => provider.GetRequiredService<Traces.ModelPriceStore>());
        services.AddSingleton<Domain.Traces.IPriceTableSource>(provider => provider.GetRequiredService<Traces.ModelPriceStore>());
        services.AddSingleton<Ingest.Otlp.OtlpLogReader>();
        services.AddOptions<Ingest.Otlp.OtlpOptions>().Bind(configuration.GetSection(Ingest.Otlp.OtlpOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Ingest.Otlp.OtlpOptions>, Ingest.Otlp.OtlpOptionsValidator>();
        // Metrics: OTLP points and the host's own samples, stored in series by the one writer.
        services.AddOptions<SystemMetrics.SystemMetricsOptions>().Bind(configuration.GetSection(SystemMetrics.SystemMetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SystemMetrics.SystemMetricsOptions>, SystemMetrics.SystemMetricsOptionsValidator>();
        services.AddSingleton<Ingest.Otlp.OtlpMetricReader>();
        services.AddSingleton<Domain.SystemMetrics.IMetricStore, SystemMetrics.MetricStore>();
        services.AddSingleton<SystemMetrics.MetricRetention>();
        services.AddSingleton<SystemMetrics.HostSamplingService>();
        services.AddHostedService(provider => provider.GetRequiredService<SystemMetrics.HostSamplingService>());
        services.AddSingleton<Domain.SystemMetrics.IHostSampling>(provider => provider.GetRequiredService<SystemMetrics.HostSamplingService>());

        // File imports: parsed here, stored through the one ingestion path.
        services.AddSingleton<ImportParsers>();
        services.AddSingleton<ILineBatchReader, LineBatchReader>();
        services.AddSingleton(provider => new ImportRoots(provider.GetRequiredService<IOptions<ImportOptions>>().Value, provider.GetRequiredService<DataFolder>()));
        services.AddSingleton<ImportCatalog>();
        services.AddSingleton<IImportCatalog>(provider => provider.GetRequiredService<ImportCatalog>());
        services.AddSingleton<ImportGate>();
        services.AddSingleton<FileImporter>();
        services.AddTransient<FileImportJob>();
        services.AddSingleton<IImportRunner, ImportRunner>();

        // Test results: reports parsed here, runs stored through the one ingestion path, read with EF Core.
        services.AddOptions<TestResults.TestResultOptions>().Bind(configuration.GetSection(TestResults.TestResultOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TestResults.TestResultOptions>, TestResults.TestResultOptionsValidator>();
        services.AddSingleton<Domain.TestResults.ITestReportIngestor, TestResults.TestReportIngestor>();
        services.AddSingleton<Domain.TestResults.ITestResultStore, TestResults.TestResultStore>();

        // Model monitoring: predictions stored with raw SQL (Persistence/Sqlite), figures pooled from the daily counts the jobs keep.
        services.AddSingleton<ModelQueries>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<IModelCatalog>(provider => provider.GetRequiredService<ModelCatalog>());
        services.AddSingleton<ModelRecordReader>();
        services.AddSingleton<ModelFileReader>();
        services.AddSingleton<IModelMetrics, ModelMetricsReader>();
        services.AddSingleton<ModelJobGate>();
        services.AddTransient<ModelMetricsJob>();
        services.AddTransient<ModelDriftJob>();
        services.AddSingleton<IModelJobs, ModelJobs>();
        // Alerting: rules evaluated by a job, notifications through an outbox.
        services.AddSingleton<IModelMetricSource, ModelMetricSource>();
        services.AddSingleton<AlertRuleObserver>();
        services.AddSingleton<AlertChanges>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<IAlertStore>(provider => provider.GetRequiredService<AlertStore>());
        services.AddSingleton<IAlertRuleStore, AlertRuleStore>();
        services.AddSingleton<AlertChannelStore>();
        services.AddSingleton<IAlertChannelStore>(provider => provider.GetRequiredService<AlertChannelStore>());
        services.AddSingleton<IAlertEvaluator, AlertEvaluator>();
        services.AddSingleton<AlertLinks>();
        services.AddSingleton<AlertDeliverySignal>();
        services.AddSingleton<IAlertNotifier, WebhookNotifier>();
        services.AddSingleton<IAlertNotifier, SlackNotifier>();
        services.AddSingleton<IAlertNotifier, EmailNotifier>();
        services.AddSingleton<AlertNotifiers>();
        services.AddSingleton<ChannelHostPolicy>();
        services.AddHttpClient(HttpDelivery.ClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<ChannelHostPolicy>().CreateHandler());
        services.AddTransient<AlertEvaluationJob>();
        services.AddHostedService<AlertDeliveryWorker>();
        services.AddHostedService<ReadyMadeAlertRules>();

        services.AddSingleton<IApiKeyStore, ApiKeyStore>();
        services.AddDataProtection().SetApplicationName("AiLogger");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IDbContextFactory<AiLoggerDbContext>>())));
        services.AddIdentityCore<AiLoggerUser>(options =>
            {
                // Length over composition rules (NIST SP 800-63B).
                options.Password.RequiredLength = IdentityPolicy.MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // Failed sign-ins slow down their sender (SignInThrottle); Identity's lockout would lock the owner out.
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AiLoggerDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Backups and restore.
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>();
        services.AddSingleton<RestoreCommand>();
        services.AddTransient<BackupJob>();

        services.AddSingleton<IUserDirectory, UserDirectory>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddTransient<RetentionJob>();

        // First of all hosted services (the host's own included, such as data protection's key-ring loader):
        // the schema exists before anything reads it.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());
        services.AddSingleton<LogWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<LogWriter>());
        return services;
    }

    /// <summary>Whether <c>AiLogger:Storage:Provider</c> names PostgreSQL (the validator refuses anything but the two).</summary>
    public static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.Provider)], StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Registers the recurring jobs with Hangfire (idempotent).</summary>
    public static void ScheduleAiLoggerJobs(this IRecurringJobManager jobs, RetentionOptions retention, ImportOptions imports, ModelOptions models, AlertOptions alerts,
        BackupOptions backups)
    {
        if (string.IsNullOrWhiteSpace(backups.Schedule)) jobs.RemoveIfExists(BackupJob.RecurringJobId);
        else jobs.AddOrUpdate<BackupJob>(BackupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), backups.Schedule);
        jobs.AddOrUpdate<AlertEvaluationJob>(AlertEvaluationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), alerts.Schedule);
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), retention.Schedule);
        jobs.AddOrUpdate<FileImportJob>(FileImportJob.RecurringJobId, job => job.ScanAsync(CancellationToken.None), imports.ScanSchedule);
        jobs.AddOrUpdate<ModelMetricsJob>(ModelMetricsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), models.Schedule);
        jobs.AddOrUpdate<ModelDriftJob>(ModelDriftJob.RecurringJobId, job => job.RunAllAsync(CancellationToken.None), models.DriftSchedule);
        // At start-up: uploads a restart interrupted resume, watched files catch up.
        jobs.Trigger(FileImportJob.RecurringJobId);
    }
}
