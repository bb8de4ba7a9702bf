using AiLogger.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ImportSourceConfiguration : IEntityTypeConfiguration<ImportSourceEntity>
{
    public void Configure(EntityTypeBuilder<ImportSourceEntity> builder)
    {
        builder.ToTable("import_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.Name).HasColumnName("name");
        builder.Property(s => s.Path).HasColumnName("path");
        builder.Property(s => s.Pattern).HasColumnName("pattern");
        builder.Property(s => s.Format).HasColumnName("format");
        builder.Property(s => s.EventSource).HasColumnName("event_source");
        builder.Property(s => s.TimeZone).HasColumnName("time_zone");
        builder.Property(s => s.Regex).HasColumnName("regex");
        builder.Property(s => s.Enabled).HasColumnName("enabled");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.HasIndex(s => s.Name).IsUnique().HasDatabaseName("ux_import_sources_name");
    }
}
