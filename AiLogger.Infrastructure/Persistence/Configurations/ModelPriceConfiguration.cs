using AiLogger.Infrastructure.Traces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ModelPriceConfiguration : IEntityTypeConfiguration<ModelPriceEntity>
{
    public void Configure(EntityTypeBuilder<ModelPriceEntity> builder)
    {
        builder.ToTable("model_prices");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id");
        builder.Property(p => p.Pattern).HasColumnName("pattern").HasMaxLength(Domain.Traces.ModelPrice.MaxPatternChars);
        builder.Property(p => p.InputPerMillion).HasColumnName("input_per_million");
        builder.Property(p => p.OutputPerMillion).HasColumnName("output_per_million");
        builder.Property(p => p.CachedInputPerMillion).HasColumnName("cached_input_per_million");
        builder.Property(p => p.From).HasColumnName("from_time").HasConversion<UtcTicksConverter>();
        builder.Property(p => p.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(p => p.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        builder.HasIndex(p => p.Pattern);
    }
}
