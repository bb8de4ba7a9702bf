using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ModelDailyCountConfiguration : IEntityTypeConfiguration<ModelDailyCountEntity>
{
    public void Configure(EntityTypeBuilder<ModelDailyCountEntity> builder)
    {
        builder.ToTable("model_daily_counts");
        builder.HasKey(c => new { c.ModelId, c.Day, c.Predicted, c.Actual });
        builder.Property(c => c.ModelId).HasColumnName("model_id");
        builder.Property(c => c.Day).HasColumnName("day");
        builder.Property(c => c.Predicted).HasColumnName("predicted");
        builder.Property(c => c.Actual).HasColumnName("actual");
        builder.Property(c => c.Count).HasColumnName("count");
        builder.Property(c => c.ConfidenceSum).HasColumnName("confidence_sum");
        builder.Property(c => c.ConfidenceCount).HasColumnName("confidence_count");
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(c => c.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
