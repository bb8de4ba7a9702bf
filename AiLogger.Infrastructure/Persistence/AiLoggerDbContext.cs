using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Imports;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>
/// Owns the schema (migrations), Identity's tables included. Hot paths (writer, search) run raw SQL over the same
/// database. This type carries SQLite's migrations; <see cref="Postgres.PostgresDbContext"/> derives from it for
/// PostgreSQL's own set (EF Core keeps one set per context type).
/// </summary>
public class AiLoggerDbContext : IdentityDbContext<AiLoggerUser>
{
    public AiLoggerDbContext(DbContextOptions<AiLoggerDbContext> options) : base(options)
    {
    }

    protected AiLoggerDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<LogEvent> LogEvents => Set<LogEvent>();

    public DbSet<LogRollup> LogRollups => Set<LogRollup>();

    public DbSet<HourlyLogRollup> HourlyLogRollups => Set<HourlyLogRollup>();

    public DbSet<LogBlock> LogBlocks => Set<LogBlock>();

    public DbSet<MessageTemplateRecord> MessageTemplates => Set<MessageTemplateRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SavedSearch> SavedSearches => Set<SavedSearch>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    internal DbSet<ImportEntity> Imports => Set<ImportEntity>();

    internal DbSet<ImportErrorEntity> ImportErrors => Set<ImportErrorEntity>();

    internal DbSet<ImportSourceEntity> ImportSources => Set<ImportSourceEntity>();

    internal DbSet<ModelEntity> Models => Set<ModelEntity>();

    internal DbSet<ModelPredictionEntity> ModelPredictions => Set<ModelPredictionEntity>();

    internal DbSet<ModelDailyCountEntity> ModelDailyCounts => Set<ModelDailyCountEntity>();

    internal DbSet<ModelReferenceEntity> ModelReferences => Set<ModelReferenceEntity>();

    internal DbSet<ModelDriftResultEntity> ModelDriftResults => Set<ModelDriftResultEntity>();
    internal DbSet<AlertRuleEntity> AlertRules => Set<AlertRuleEntity>();

    internal DbSet<AlertRuleStateEntity> AlertRuleStates => Set<AlertRuleStateEntity>();

    internal DbSet<AlertEntity> Alerts => Set<AlertEntity>();

    internal DbSet<AlertChannelEntity> AlertChannels => Set<AlertChannelEntity>();

    internal DbSet<AlertDeliveryEntity> AlertDeliveries => Set<AlertDeliveryEntity>();

    internal DbSet<Storage.SettingEntity> Settings => Set<Storage.SettingEntity>();

    internal DbSet<Traces.SpanEntity> Spans => Set<Traces.SpanEntity>();

    internal DbSet<Traces.SpanResourceEntity> SpanResources => Set<Traces.SpanResourceEntity>();

    internal DbSet<Traces.TraceEntity> Traces => Set<Traces.TraceEntity>();

    internal DbSet<Traces.ModelPriceEntity> ModelPrices => Set<Traces.ModelPriceEntity>();

    internal DbSet<SystemMetrics.MetricSeriesEntity> MetricSeries => Set<SystemMetrics.MetricSeriesEntity>();

    internal DbSet<SystemMetrics.MetricPointEntity> MetricPoints => Set<SystemMetrics.MetricPointEntity>();

    internal DbSet<SystemMetrics.MetricRollupEntity> MetricRollups => Set<SystemMetrics.MetricRollupEntity>();

    internal DbSet<TestResults.TestRunEntity> TestRuns => Set<TestResults.TestRunEntity>();

    internal DbSet<TestResults.TestCaseEntity> TestCases => Set<TestResults.TestCaseEntity>();

    internal DbSet<TestResults.TestResultEntity> TestResults => Set<TestResults.TestResultEntity>();

    internal DbSet<TestResults.TestCoverageFileEntity> TestCoverageFiles => Set<TestResults.TestCoverageFileEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AiLoggerDbContext).Assembly);
    }
}
