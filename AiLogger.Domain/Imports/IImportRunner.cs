namespace AiLogger.Domain.Imports;

/// <summary>Starts imports: uploads in the background, scans of the watched folders on demand.</summary>
public interface IImportRunner
{
    /// <summary>Stores the uploaded content and queues its import; returns the import's id at once.</summary>
    Task<long> UploadAsync(string fileName, Stream content, ImportFormatSettings settings, CancellationToken cancellationToken);

    /// <summary>Scans every enabled source now and waits for the result.</summary>
    Task<ImportScanResult> ScanAsync(CancellationToken cancellationToken);
}
