using AiLogger.Infrastructure.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class LogBlockConfiguration : IEntityTypeConfiguration<LogBlock>
{
    public void Configure(EntityTypeBuilder<LogBlock> builder)
    {
        builder.ToTable("log_blocks");
        builder.HasKey(b => b.Block);
        builder.Property(b => b.Block).HasColumnName("block").ValueGeneratedNever();
        builder.Property(b => b.MinTimestamp).HasColumnName("min_ts");
        builder.Property(b => b.MaxTimestamp).HasColumnName("max_ts");
        builder.HasIndex(b => b.MaxTimestamp).HasDatabaseName("ix_log_blocks_max_ts");
    }
}
