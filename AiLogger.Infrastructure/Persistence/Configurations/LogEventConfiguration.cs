using System.Text.Json;
using AiLogger.Domain.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiLogger.Infrastructure.Persistence.Configurations;

internal sealed class LogEventConfiguration : IEntityTypeConfiguration<LogEvent>
{
    public const string Table = "log_events";

    public void Configure(EntityTypeBuilder<LogEvent> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.Timestamp).HasColumnName("timestamp").HasConversion<UtcTicksConverter>();
        builder.Property(e => e.Level).HasColumnName("level").HasConversion<int>();
        builder.Property(e => e.Message).HasColumnName("message");
        // The template text lives once in message_templates; the row keeps its id.
        builder.Ignore(e => e.MessageTemplate);
        builder.Property<long?>("TemplateId").HasColumnName("template_id");
        builder.Property(e => e.Source).HasColumnName("source").UseCollation("NOCASE");
        builder.Property(e => e.Exception).HasColumnName("exception");
        builder.Property(e => e.TraceId).HasColumnName("trace_id");
        builder.Property(e => e.SpanId).HasColumnName("span_id");
        builder.Property(e => e.ParentSpanId).HasColumnName("parent_span_id");
        builder.Property(e => e.EventType).HasColumnName("event_type").UseCollation("NOCASE");
        builder.Property(e => e.PropertiesJson).HasColumnName("properties");
        builder.Property(e => e.Tags).HasColumnName("tags").IsRequired(false).HasConversion(
            tags => tags.Count == 0 ? null : JsonSerializer.Serialize(tags, (JsonSerializerOptions?)null),
            json => string.IsNullOrEmpty(json) ? Array.Empty<string>() : JsonSerializer.Deserialize<string[]>(json, (JsonSerializerOptions?)null)!,
            new ValueComparer<IReadOnlyList<string>>(
                (a, b) => a!.SequenceEqual(b!),
                tags => tags.Aggregate(0, (hash, tag) => HashCode.Combine(hash, tag.GetHashCode())),
                tags => tags.ToArray()));

        // The timestamp index carries the rowid, so (timestamp, id) keyset pages read it in order.
        builder.HasIndex(e => e.Timestamp).HasDatabaseName("ix_log_events_timestamp");
        builder.HasIndex(e => new { e.Source, e.Timestamp }).HasDatabaseName("ix_log_events_source_timestamp");
        builder.HasIndex(e => e.TraceId).HasDatabaseName("ix_log_events_trace_id").HasFilter("trace_id IS NOT NULL");
        // Request/response statistics read typed events only; untyped events cost this index nothing.
        builder.HasIndex(e => new { e.EventType, e.Timestamp }).HasDatabaseName("ix_log_events_event_type_timestamp").HasFilter("event_type IS NOT NULL");
    }
}
