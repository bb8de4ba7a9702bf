using AiLogger.Infrastructure.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplateRecord>
{
    public void Configure(EntityTypeBuilder<MessageTemplateRecord> builder)
    {
        builder.ToTable("message_templates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id");
        builder.Property(t => t.Text).HasColumnName("text");
        builder.HasIndex(t => t.Text).IsUnique().HasDatabaseName("ux_message_templates_text");
    }
}
