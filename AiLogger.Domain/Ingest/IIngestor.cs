using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Ingest;

/// <summary>
/// The one ingestion path (DESIGN §2). Every receiver parses into events and calls this; the task completes
/// only after the events are committed, so a caller may acknowledge its client then.
/// </summary>
public interface IIngestor
{
    /// <exception cref="IngestQueueFullException">The queue stayed full for the configured wait.</exception>
    /// <exception cref="IngestUnavailableException">Storage failed; nothing of the batch was stored.</exception>
    Task<IngestResult> IngestAsync(IngestBatch batch, IngestContext context, CancellationToken cancellationToken);

    /// <summary>Log events only.</summary>
    Task<IngestResult> IngestAsync(IReadOnlyList<LogEvent> events, IngestContext context, CancellationToken cancellationToken) =>
        IngestAsync(IngestBatch.Of(events), context, cancellationToken);
}
