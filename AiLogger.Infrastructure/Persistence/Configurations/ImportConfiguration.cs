using AiLogger.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ImportConfiguration : IEntityTypeConfiguration<ImportEntity>
{
    public void Configure(EntityTypeBuilder<ImportEntity> builder)
    {
        builder.ToTable("imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasColumnName("id");
        builder.Property(i => i.Kind).HasColumnName("kind");
        builder.Property(i => i.Name).HasColumnName("name");
        builder.Property(i => i.Path).HasColumnName("path");
        builder.Property(i => i.SourceKey).HasColumnName("source_key");
        builder.Property(i => i.SourceName).HasColumnName("source_name");
        builder.Property(i => i.Format).HasColumnName("format");
        builder.Property(i => i.EventSource).HasColumnName("event_source");
        builder.Property(i => i.TimeZone).HasColumnName("time_zone");
        builder.Property(i => i.Regex).HasColumnName("regex");
        builder.Property(i => i.Status).HasColumnName("status");
        builder.Property(i => i.FingerprintHash).HasColumnName("fingerprint");
        builder.Property(i => i.FingerprintLength).HasColumnName("fingerprint_length");
        builder.Property(i => i.Compressed).HasColumnName("compressed");
        builder.Property(i => i.TotalBytes).HasColumnName("total_bytes");
        builder.Property(i => i.BytesRead).HasColumnName("bytes_read");
        builder.Property(i => i.Offset).HasColumnName("read_offset");
        builder.Property(i => i.LineNumber).HasColumnName("line_number");
        builder.Property(i => i.LinesRead).HasColumnName("lines_read");
        builder.Property(i => i.EventsImported).HasColumnName("events_imported");
        builder.Property(i => i.LinesRejected).HasColumnName("lines_rejected");
        builder.Property(i => i.Error).HasColumnName("error");
        builder.Property(i => i.CreatedAt).HasColumnName("created_at").HasConversion<UtcTicksConverter>();
        builder.Property(i => i.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcTicksConverter>();
        builder.Property(i => i.FinishedAt).HasColumnName("finished_at").HasConversion<UtcTicksConverter>();
        builder.HasIndex(i => new { i.SourceKey, i.FingerprintHash }).HasDatabaseName("ix_imports_source_fingerprint");
        builder.HasIndex(i => i.Status).HasDatabaseName("ix_imports_status");
    }
}
