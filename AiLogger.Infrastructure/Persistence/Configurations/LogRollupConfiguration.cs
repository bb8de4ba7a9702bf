using AiLogger.Infrastructure.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class LogRollupConfiguration : IEntityTypeConfiguration<LogRollup>
{
    public void Configure(EntityTypeBuilder<LogRollup> builder)
    {
        builder.ToTable("log_rollups");
        builder.HasKey(r => new { r.Minute, r.Source, r.Level });
        builder.Property(r => r.Minute).HasColumnName("minute");
        builder.Property(r => r.Source).HasColumnName("source");
        builder.Property(r => r.Level).HasColumnName("level");
        builder.Property(r => r.Count).HasColumnName("count");
    }
}
