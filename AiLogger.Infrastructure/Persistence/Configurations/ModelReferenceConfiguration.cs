using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ModelReferenceConfiguration : IEntityTypeConfiguration<ModelReferenceEntity>
{
    public void Configure(EntityTypeBuilder<ModelReferenceEntity> builder)
    {
        builder.ToTable("model_references");
        builder.HasKey(r => r.ModelId);
        builder.Property(r => r.ModelId).HasColumnName("model_id").ValueGeneratedNever();
        builder.Property(r => r.Kind).HasColumnName("kind");
        builder.Property(r => r.ClassCounts).HasColumnName("class_counts");
        builder.Property(r => r.From).HasColumnName("from_ts").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.To).HasColumnName("to_ts").HasConversion<UtcTicksConverter>();
        builder.Property(r => r.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.HasOne<ModelEntity>().WithOne().HasForeignKey<ModelReferenceEntity>(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
