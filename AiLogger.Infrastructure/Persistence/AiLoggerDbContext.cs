using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>Owns the schema (migrations). Hot paths (writer, search) run raw SQL over the same database.</summary>
public sealed class AiLoggerDbContext(DbContextOptions<AiLoggerDbContext> options) : DbContext(options)
{
    public DbSet<LogEvent> LogEvents => Set<LogEvent>();

    public DbSet<LogRollup> LogRollups => Set<LogRollup>();

    public DbSet<MessageTemplateRecord> MessageTemplates => Set<MessageTemplateRecord>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AiLoggerDbContext).Assembly);
}
