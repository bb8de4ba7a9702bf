using AiLogger.Infrastructure.SystemMetrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class MetricSeriesConfiguration : IEntityTypeConfiguration<MetricSeriesEntity>
{
    public void Configure(EntityTypeBuilder<MetricSeriesEntity> builder)
    {
        builder.ToTable("metric_series");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.Key).HasColumnName("key");
        builder.Property(s => s.Name).HasColumnName("name");
        builder.Property(s => s.Service).HasColumnName("service");
        builder.Property(s => s.Scope).HasColumnName("scope");
        builder.Property(s => s.Host).HasColumnName("host");
        builder.Property(s => s.Unit).HasColumnName("unit");
        builder.Property(s => s.Type).HasColumnName("type");
        builder.Property(s => s.Monotonic).HasColumnName("monotonic");
        builder.Property(s => s.Temporality).HasColumnName("temporality");
        builder.Property(s => s.Description).HasColumnName("description");
        builder.Property(s => s.Attributes).HasColumnName("attributes");
        builder.Property(s => s.Resource).HasColumnName("resource");
        builder.Property(s => s.FirstSeen).HasColumnName("first_seen");
        builder.Property(s => s.LastSeen).HasColumnName("last_seen");
        builder.Property(s => s.Overflow).HasColumnName("overflow");
        builder.HasIndex(s => s.Key).IsUnique().HasDatabaseName("ix_metric_series_key");
        builder.HasIndex(s => new { s.Name, s.Service }).HasDatabaseName("ix_metric_series_name");
        builder.HasIndex(s => new { s.Host, s.Name }).HasDatabaseName("ix_metric_series_host");
    }
}

internal sealed class MetricPointConfiguration : IEntityTypeConfiguration<MetricPointEntity>
{
    public void Configure(EntityTypeBuilder<MetricPointEntity> builder)
    {
        builder.ToTable("metric_points");
        // A point sent twice (an exporter's retry) is kept once.
        builder.HasKey(p => new { p.SeriesId, p.Time });
        builder.Property(p => p.SeriesId).HasColumnName("series_id");
        builder.Property(p => p.Time).HasColumnName("time");
        builder.Property(p => p.StartTime).HasColumnName("start_time");
        builder.Property(p => p.Value).HasColumnName("value");
        builder.Property(p => p.Data).HasColumnName("data");
        builder.HasIndex(p => p.Time).HasDatabaseName("ix_metric_points_time");
    }
}

internal sealed class MetricRollupConfiguration : IEntityTypeConfiguration<MetricRollupEntity>
{
    public void Configure(EntityTypeBuilder<MetricRollupEntity> builder)
    {
        builder.ToTable("metric_rollups");
        builder.HasKey(r => new { r.SeriesId, r.Resolution, r.Bucket });
        builder.Property(r => r.SeriesId).HasColumnName("series_id");
        builder.Property(r => r.Resolution).HasColumnName("resolution");
        builder.Property(r => r.Bucket).HasColumnName("bucket");
        builder.Property(r => r.Data).HasColumnName("data");
        builder.HasIndex(r => new { r.Resolution, r.Bucket }).HasDatabaseName("ix_metric_rollups_bucket");
    }
}
