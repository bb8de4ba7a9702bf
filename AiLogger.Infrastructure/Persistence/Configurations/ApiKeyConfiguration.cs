using AiLogger.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyEntity>
{
    public void Configure(EntityTypeBuilder<ApiKeyEntity> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasColumnName("id");
        builder.Property(k => k.Name).HasColumnName("name").HasMaxLength(100);
        builder.Property(k => k.Prefix).HasColumnName("prefix").HasMaxLength(16);
        builder.Property(k => k.SecretHash).HasColumnName("secret_hash").HasMaxLength(64);
        builder.Property(k => k.Scopes).HasColumnName("scopes");
        builder.Property(k => k.MinimumLevel).HasColumnName("minimum_level");
        builder.Property(k => k.AppliedProperties).HasColumnName("applied_properties");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.Property(k => k.LastUsedAt).HasColumnName("last_used_at").HasConversion<UtcTicksConverter>();
        builder.Property(k => k.RevokedAt).HasColumnName("revoked_at").HasConversion<UtcTicksConverter>();
        builder.Property(k => k.EventsIngested).HasColumnName("events_ingested");
        builder.HasIndex(k => k.SecretHash).IsUnique().HasDatabaseName("ux_api_keys_secret_hash");
    }
}
