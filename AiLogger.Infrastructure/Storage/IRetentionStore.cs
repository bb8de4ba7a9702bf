using AiLogger.Domain.Storage;

namespace AiLogger.Infrastructure.Storage;

/// <summary>
/// Provider seam for deleting old data. Events are addressed by a policy's rule: rule <c>i</c> means the events that
/// match it and no earlier rule; <see cref="DefaultRule"/> the events that match none (the policy's default days).
/// </summary>
internal interface IRetentionStore
{
    public const int DefaultRule = -1;

    /// <summary>Deletes up to <paramref name="batch"/> such events older than <paramref name="cutoff"/>, with their index entries.</summary>
    /// <returns>How many were deleted; fewer than the batch when none is left (more when whole partitions were dropped).</returns>
    Task<int> DeleteEventsAsync(RetentionPolicy policy, int rule, DateTimeOffset cutoff, int batch, CancellationToken cancellationToken);

    /// <summary>Deletes the per-minute and per-hour counts of such events before <paramref name="cutoff"/>.</summary>
    Task DeleteRollupsAsync(RetentionPolicy policy, int rule, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Forgets the id blocks (of the keyword search) that no longer hold any event.</summary>
    Task DeleteEmptyBlocksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="batch"/> spans that started before <paramref name="cutoff"/>, and up to as many
    /// summaries of traces that started before it; returns the larger of the two counts.
    /// </summary>
    Task<int> DeleteSpansAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken);

    Task<int> DeletePredictionsAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken);

    /// <summary>Bytes of the database's pages that hold data (the file's size less its free pages).</summary>
    Task<long> UsedBytesAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the oldest batch of data — events or predictions, whichever is older — for the size limit.</summary>
    /// <returns>How many rows were deleted; 0 when there is nothing left to delete.</returns>
    Task<int> DeleteOldestAsync(int batch, CancellationToken cancellationToken);
}
