using AiLogger.Infrastructure.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class AlertRuleStateConfiguration : IEntityTypeConfiguration<AlertRuleStateEntity>
{
    public void Configure(EntityTypeBuilder<AlertRuleStateEntity> builder)
    {
        builder.ToTable("alert_rule_states");
        builder.HasKey(s => new { s.RuleId, s.GroupKey });
        builder.Property(s => s.RuleId).HasColumnName("rule_id");
        builder.Property(s => s.GroupKey).HasColumnName("group_key");
        builder.Property(s => s.Status).HasColumnName("status");
        builder.Property(s => s.PendingSince).HasColumnName("pending_since").HasConversion<UtcTicksConverter>();
        builder.Property(s => s.FiringSince).HasColumnName("firing_since").HasConversion<UtcTicksConverter>();
        builder.Property(s => s.LastNotifiedAt).HasColumnName("last_notified_at").HasConversion<UtcTicksConverter>();
        builder.Property(s => s.FiringNotified).HasColumnName("firing_notified");
        builder.Property(s => s.Value).HasColumnName("value");
        builder.Property(s => s.AlertId).HasColumnName("alert_id");
        builder.HasOne<AlertRuleEntity>().WithMany().HasForeignKey(s => s.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
