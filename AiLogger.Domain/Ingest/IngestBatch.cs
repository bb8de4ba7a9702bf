using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;

namespace AiLogger.Domain.Ingest;

/// <summary>What one request hands to the ingestion path: items of every kind, committed together or not at all.</summary>
public sealed record IngestBatch(IReadOnlyList<LogEvent> Events, IReadOnlyList<Span> Spans)
{
    public static IngestBatch Of(IReadOnlyList<LogEvent> events) => new(events, []);

    public int Count => Events.Count + Spans.Count;
}
