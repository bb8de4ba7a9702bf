using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ModelPredictionConfiguration : IEntityTypeConfiguration<ModelPredictionEntity>
{
    public void Configure(EntityTypeBuilder<ModelPredictionEntity> builder)
    {
        builder.ToTable("model_predictions");
        builder.HasKey(p => p.Id);
        // A plain rowid, without AUTOINCREMENT's bookkeeping on every insert; rows are written with raw SQL.
        builder.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(p => p.ModelId).HasColumnName("model_id");
        builder.Property(p => p.ItemId).HasColumnName("item_id");
        builder.Property(p => p.Predicted).HasColumnName("predicted");
        builder.Property(p => p.Confidence).HasColumnName("confidence");
        builder.Property(p => p.Probabilities).HasColumnName("probabilities");
        builder.Property(p => p.Features).HasColumnName("features");
        builder.Property(p => p.Timestamp).HasColumnName("timestamp").HasConversion<UtcTicksConverter>();
        builder.Property(p => p.Actual).HasColumnName("actual");
        builder.Property(p => p.ValidatedAt).HasColumnName("validated_at").HasConversion<UtcTicksConverter>();
        builder.Property(p => p.Trained).HasColumnName("trained");
        builder.Property(p => p.Logged).HasColumnName("logged");
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Cascade);
        // The upsert's conflict target: the same item id again replaces the prediction.
        builder.HasIndex(p => new { p.ModelId, p.ItemId }).IsUnique().HasDatabaseName("ux_model_predictions_item");
        builder.HasIndex(p => new { p.ModelId, p.Timestamp }).HasDatabaseName("ix_model_predictions_time");
    }
}
