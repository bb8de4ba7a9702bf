using AiLogger.Infrastructure.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannelEntity>
{
    public void Configure(EntityTypeBuilder<AlertChannelEntity> builder)
    {
        builder.ToTable("alert_channels");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id");
        builder.Property(c => c.Name).HasColumnName("name");
        builder.Property(c => c.Kind).HasColumnName("kind");
        builder.Property(c => c.Enabled).HasColumnName("enabled");
        builder.Property(c => c.Url).HasColumnName("url");
        builder.Property(c => c.Secret).HasColumnName("secret");
        builder.Property(c => c.SmtpHost).HasColumnName("smtp_host");
        builder.Property(c => c.SmtpPort).HasColumnName("smtp_port");
        builder.Property(c => c.SmtpSecurity).HasColumnName("smtp_security");
        builder.Property(c => c.SmtpUser).HasColumnName("smtp_user");
        builder.Property(c => c.SmtpPassword).HasColumnName("smtp_password");
        builder.Property(c => c.From).HasColumnName("email_from");
        builder.Property(c => c.To).HasColumnName("email_to");
        builder.Property(c => c.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(c => c.LastAttemptAt).HasColumnName("last_attempt_at").HasConversion<UtcTicksConverter>();
        builder.Property(c => c.LastSuccessAt).HasColumnName("last_success_at").HasConversion<UtcTicksConverter>();
        builder.Property(c => c.LastFailureAt).HasColumnName("last_failure_at").HasConversion<UtcTicksConverter>();
        builder.Property(c => c.LastError).HasColumnName("last_error");
        builder.HasIndex(c => c.Name).IsUnique().HasDatabaseName("ux_alert_channels_name");
    }
}
