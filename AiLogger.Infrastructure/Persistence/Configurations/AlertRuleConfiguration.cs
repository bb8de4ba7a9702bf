using AiLogger.Infrastructure.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRuleEntity>
{
    public void Configure(EntityTypeBuilder<AlertRuleEntity> builder)
    {
        builder.ToTable("alert_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Name).HasColumnName("name");
        builder.Property(r => r.Description).HasColumnName("description");
        builder.Property(r => r.Kind).HasColumnName("kind");
        builder.Property(r => r.Query).HasColumnName("query");
        builder.Property(r => r.GroupBy).HasColumnName("group_by");
        builder.Property(r => r.Window).HasColumnName("window_ticks").HasConversion<long>();
        builder.Property(r => r.Comparison).HasColumnName("comparison");
        builder.Property(r => r.Threshold).HasColumnName("threshold");
        builder.Property(r => r.For).HasColumnName("for_ticks").HasConversion<long>();
        builder.Property(r => r.Cooldown).HasColumnName("cooldown_ticks").HasConversion<long>();
        builder.Property(r => r.Repeat).HasColumnName("repeat");
        builder.Property(r => r.NotifyOnResolve).HasColumnName("notify_on_resolve");
        builder.Property(r => r.Severity).HasColumnName("severity");
        builder.Property(r => r.Enabled).HasColumnName("enabled");
        builder.Property(r => r.Channels).HasColumnName("channels");
        builder.Property(r => r.Model).HasColumnName("model");
        builder.Property(r => r.Metric).HasColumnName("metric");
        builder.Property(r => r.Class).HasColumnName("class");
        builder.Property(r => r.Feature).HasColumnName("feature");
        builder.Property(r => r.Aggregation).HasColumnName("aggregation");
        builder.Property(r => r.Filter).HasColumnName("filter");
        builder.Property(r => r.SilencedUntil).HasColumnName("silenced_until").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.LastEvaluatedAt).HasColumnName("last_evaluated_at").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.LastValue).HasColumnName("last_value");
        builder.Property(r => r.LastNote).HasColumnName("last_note");
        builder.HasIndex(r => r.Name).IsUnique().HasDatabaseName("ux_alert_rules_name");
    }
}
