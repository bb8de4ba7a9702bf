using AiLogger.Infrastructure.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<AlertDeliveryEntity> builder)
    {
        builder.ToTable("alert_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id");
        builder.Property(d => d.AlertId).HasColumnName("alert_id");
        builder.Property(d => d.ChannelId).HasColumnName("channel_id");
        builder.Property(d => d.Event).HasColumnName("event");
        builder.Property(d => d.Payload).HasColumnName("payload");
        builder.Property(d => d.Status).HasColumnName("status");
        builder.Property(d => d.Attempts).HasColumnName("attempts");
        builder.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at").HasConversion<UtcTicksConverter>();
        builder.Property(d => d.ClaimedAt).HasColumnName("claimed_at").HasConversion<UtcTicksConverter>();
        builder.Property(d => d.LastError).HasColumnName("last_error");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.Property(d => d.DeliveredAt).HasColumnName("delivered_at").HasConversion<UtcTicksConverter>();
        builder.HasOne<AlertChannelEntity>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt }).HasDatabaseName("ix_alert_deliveries_due");
        builder.HasIndex(d => d.AlertId).HasDatabaseName("ix_alert_deliveries_alert_id");
    }
}
