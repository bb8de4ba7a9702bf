namespace AiLogger.Domain.Imports;

/// <summary>Starts imports: uploads in the background, scans of the watched folders on demand.</summary>
public interface IImportRunner
{
    /// <summary>Stores the uploaded content and queues its import; returns the import's id at once.</summary>
    Task<long> UploadAsync(string fileName, Stream content, ImportFormatSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// First half of an upload whose settings may arrive after the file (multipart fields in any order): stores
    /// the content, not yet imported. Follow with <see cref="StartAsync"/>.
    /// </summary>
    Task<long> ReceiveAsync(string fileName, Stream content, CancellationToken cancellationToken);

    /// <summary>Checks the settings (and the format, when auto) and queues the import; on an error the upload is discarded.</summary>
    /// <exception cref="ImportSettingsException">What is wrong, by field.</exception>
    Task StartAsync(long importId, ImportFormatSettings settings, CancellationToken cancellationToken);

    /// <summary>Drops an upload received but not started.</summary>
    Task DiscardAsync(long importId, CancellationToken cancellationToken);

    /// <summary>Scans every enabled source now and waits for the result.</summary>
    Task<ImportScanResult> ScanAsync(CancellationToken cancellationToken);
}
