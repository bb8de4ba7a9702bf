using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<ModelEntity>
{
    public void Configure(EntityTypeBuilder<ModelEntity> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id");
        // Names are compared case-insensitively: /api/models/Cats and /api/models/cats are one model.
        builder.Property(m => m.Name).HasColumnName("name").UseCollation("NOCASE");
        builder.Property(m => m.Version).HasColumnName("version");
        builder.Property(m => m.Description).HasColumnName("description");
        builder.Property(m => m.Classes).HasColumnName("classes");
        builder.Property(m => m.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.Property(m => m.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(m => m.DataVersion).HasColumnName("data_version");
        builder.Property(m => m.ComputedVersion).HasColumnName("computed_version");
        builder.Property(m => m.LastPredictionAt).HasColumnName("last_prediction_at").HasConversion<UtcTicksConverter>();
        builder.Property(m => m.MetricsComputedAt).HasColumnName("metrics_computed_at").HasConversion<UtcTicksConverter>();
        builder.Property(m => m.DriftComputedAt).HasColumnName("drift_computed_at").HasConversion<UtcTicksConverter>();
        builder.Property(m => m.DriftPending).HasColumnName("drift_pending");
        builder.HasIndex(m => m.Name).IsUnique().HasDatabaseName("ux_models_name");
    }
}
