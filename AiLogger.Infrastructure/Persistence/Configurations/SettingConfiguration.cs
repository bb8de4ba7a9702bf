using AiLogger.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class SettingConfiguration : IEntityTypeConfiguration<SettingEntity>
{
    public void Configure(EntityTypeBuilder<SettingEntity> builder)
    {
        builder.ToTable("settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasColumnName("key").HasMaxLength(100);
        builder.Property(s => s.Value).HasColumnName("value");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(s => s.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
    }
}
