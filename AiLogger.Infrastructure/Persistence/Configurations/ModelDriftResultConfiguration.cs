using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ModelDriftResultConfiguration : IEntityTypeConfiguration<ModelDriftResultEntity>
{
    public void Configure(EntityTypeBuilder<ModelDriftResultEntity> builder)
    {
        builder.ToTable("model_drift_results");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.ModelId).HasColumnName("model_id");
        builder.Property(r => r.Feature).HasColumnName("feature");
        builder.Property(r => r.Kind).HasColumnName("kind");
        builder.Property(r => r.Method).HasColumnName("method");
        builder.Property(r => r.Statistic).HasColumnName("statistic");
        builder.Property(r => r.PValue).HasColumnName("p_value");
        builder.Property(r => r.Threshold).HasColumnName("threshold");
        builder.Property(r => r.Drifted).HasColumnName("drifted");
        builder.Property(r => r.Psi).HasColumnName("psi");
        builder.Property(r => r.PsiLevel).HasColumnName("psi_level");
        builder.Property(r => r.ReferenceCount).HasColumnName("reference_count");
        builder.Property(r => r.CurrentCount).HasColumnName("current_count");
        builder.Property(r => r.ReferenceKind).HasColumnName("reference_kind");
        builder.Property(r => r.ReferenceFrom).HasColumnName("reference_from").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.ReferenceTo).HasColumnName("reference_to").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.CurrentFrom).HasColumnName("current_from").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.CurrentTo).HasColumnName("current_to").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.ComputedAt).HasColumnName("computed_at").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.Distribution).HasColumnName("distribution");
        builder.Property(r => r.Position).HasColumnName("position");
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ModelId, r.Position }).HasDatabaseName("ix_model_drift_results_model");
    }
}
