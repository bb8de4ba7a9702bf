using AiLogger.Infrastructure.Ingest;

namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// Provider seam of the writer: stores groups of batches in one transaction with the keyword index, the
/// rollups and key usage. Used by the single writer only.
/// </summary>
internal interface ILogAppender : IDisposable
{
    /// <summary>Assigns ids in order and commits every batch, or throws with nothing stored.</summary>
    void Append(IReadOnlyList<PendingBatch> batches, DateTimeOffset now);

    /// <summary>Derived rows wait in memory (metric rollups held back under load) or a crashed process left some to rebuild.</summary>
    bool HasDeferredWork { get; }

    /// <summary>Writes what waits, in a transaction of its own: when the writer is idle, at start and at shutdown.</summary>
    void WriteDeferred(DateTimeOffset now);
}
