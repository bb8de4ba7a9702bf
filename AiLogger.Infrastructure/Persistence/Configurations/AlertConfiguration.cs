using AiLogger.Infrastructure.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<AlertEntity>
{
    public void Configure(EntityTypeBuilder<AlertEntity> builder)
    {
        // No foreign key to the rule: the history outlives a deleted rule.
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("id");
        builder.Property(a => a.RuleId).HasColumnName("rule_id");
        builder.Property(a => a.RuleName).HasColumnName("rule_name");
        builder.Property(a => a.Kind).HasColumnName("kind");
        builder.Property(a => a.Severity).HasColumnName("severity");
        builder.Property(a => a.GroupBy).HasColumnName("group_by");
        builder.Property(a => a.GroupKey).HasColumnName("group_key");
        builder.Property(a => a.State).HasColumnName("state");
        builder.Property(a => a.Value).HasColumnName("value");
        builder.Property(a => a.FiredValue).HasColumnName("fired_value");
        builder.Property(a => a.Threshold).HasColumnName("threshold");
        builder.Property(a => a.Comparison).HasColumnName("comparison");
        builder.Property(a => a.Window).HasColumnName("window_ticks").HasConversion<long>();
        builder.Property(a => a.Condition).HasColumnName("condition");
        builder.Property(a => a.StartedAt).HasColumnName("started_at").HasConversion<UtcTicksConverter>();
        builder.Property(a => a.ResolvedAt).HasColumnName("resolved_at").HasConversion<UtcTicksConverter>();
        builder.Property(a => a.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(a => a.LastNotifiedAt).HasColumnName("last_notified_at").HasConversion<UtcTicksConverter>();
        builder.Property(a => a.Notifications).HasColumnName("notifications");
        builder.Property(a => a.AcknowledgedBy).HasColumnName("acknowledged_by");
        builder.Property(a => a.AcknowledgedAt).HasColumnName("acknowledged_at").HasConversion<UtcTicksConverter>();
        builder.Property(a => a.Samples).HasColumnName("samples");
        builder.HasIndex(a => new { a.State, a.Id }).HasDatabaseName("ix_alerts_state_id");
        builder.HasIndex(a => new { a.RuleId, a.Id }).HasDatabaseName("ix_alerts_rule_id");
        builder.HasIndex(a => a.ResolvedAt).HasDatabaseName("ix_alerts_resolved_at");
    }
}
