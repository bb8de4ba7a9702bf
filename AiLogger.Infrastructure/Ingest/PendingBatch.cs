using AiLogger.Domain.Imports;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest;

/// <summary>One request's events on their way to the writer; <see cref="Committed"/> completes after the commit.</summary>
internal sealed class PendingBatch(LogEvent[] events, long? apiKeyId)
{
    /// <summary>Replaced by the writer with the stored events (ids assigned).</summary>
    public LogEvent[] Events { get; set; } = events;

    public long? ApiKeyId { get; } = apiKeyId;

    /// <summary>A file import's checkpoint, stored in the same transaction as <see cref="Events"/>.</summary>
    public ImportProgress? Progress { get; init; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the batch entered the queue.</summary>
    public long QueuedAt { get; set; }

    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
