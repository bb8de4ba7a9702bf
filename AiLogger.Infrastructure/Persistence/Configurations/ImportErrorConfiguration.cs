using AiLogger.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class ImportErrorConfiguration : IEntityTypeConfiguration<ImportErrorEntity>
{
    public void Configure(EntityTypeBuilder<ImportErrorEntity> builder)
    {
        builder.ToTable("import_errors");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id");
        builder.Property(e => e.ImportId).HasColumnName("import_id");
        builder.Property(e => e.LineNumber).HasColumnName("line_number");
        builder.Property(e => e.Reason).HasColumnName("reason");
        builder.Property(e => e.Excerpt).HasColumnName("excerpt");
        builder.HasOne<ImportEntity>().WithMany().HasForeignKey(e => e.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ImportId, e.LineNumber }).HasDatabaseName("ix_import_errors_import_line");
    }
}
