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
}
