namespace AiLogger.Domain.Storage;

public interface IStorageStatistics
{
    Task<StorageReport> ReportAsync(CancellationToken cancellationToken);

    /// <summary>Counts what <paramref name="policy"/> would delete if it were applied now (the size limit aside).</summary>
    Task<RetentionPreview> PreviewAsync(RetentionPolicy policy, CancellationToken cancellationToken);
}
