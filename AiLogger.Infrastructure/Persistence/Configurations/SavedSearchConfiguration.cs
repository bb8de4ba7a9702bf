using AiLogger.Domain.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> builder)
    {
        builder.ToTable("saved_searches");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.OwnerId).HasColumnName("owner_id");
        builder.Property(s => s.Name).HasColumnName("name").HasMaxLength(SavedSearch.MaxNameLength);
        builder.Property(s => s.Query).HasColumnName("query");
        builder.Property(s => s.Range).HasColumnName("range");
        builder.Property(s => s.Shared).HasColumnName("shared");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.HasIndex(s => s.OwnerId).HasDatabaseName("ix_saved_searches_owner");
    }
}
