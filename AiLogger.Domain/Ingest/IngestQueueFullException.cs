namespace AiLogger.Domain.Ingest;

/// <summary>The ingest queue stayed full; the client should retry after <see cref="RetryAfter"/> (503).</summary>
public sealed class IngestQueueFullException(TimeSpan retryAfter)
    : Exception("The ingest queue is full; retry shortly.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
