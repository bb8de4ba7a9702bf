using AiLogger.Infrastructure.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class HourlyLogRollupConfiguration : IEntityTypeConfiguration<HourlyLogRollup>
{
    public void Configure(EntityTypeBuilder<HourlyLogRollup> builder)
    {
        builder.ToTable("log_rollups_hourly");
        builder.HasKey(r => new { r.Hour, r.Source, r.Level });
        builder.Property(r => r.Hour).HasColumnName("hour");
        builder.Property(r => r.Source).HasColumnName("source");
        builder.Property(r => r.Level).HasColumnName("level");
        builder.Property(r => r.Count).HasColumnName("count");
    }
}
