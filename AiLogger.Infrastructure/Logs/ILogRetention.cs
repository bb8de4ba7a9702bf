namespace AiLogger.Infrastructure.Logs;

/// <summary>Provider seam for deleting old events with their index entries and rollups.</summary>
internal interface ILogRetention
{
    /// <summary>Deletes up to <paramref name="batchSize"/> events older than <paramref name="cutoff"/> in one short transaction.</summary>
    /// <returns>How many were deleted; 0 when none is left.</returns>
    Task<int> DeleteBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    Task DeleteRollupsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
