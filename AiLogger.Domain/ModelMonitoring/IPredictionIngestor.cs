namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Stores predictions and validations. Every call is atomic: a batch with any bad record is refused with
/// <see cref="ModelIngestException"/> naming the records, and nothing of it is stored.
/// </summary>
public interface IPredictionIngestor
{
    /// <summary>Stores (or replaces, by item id) the predictions; returns how many were stored.</summary>
    /// <exception cref="UnknownModelException"/>
    /// <exception cref="ModelIngestException">An unknown class (when classes are declared), a confidence outside [0, 1], …</exception>
    Task<int> AddPredictionsAsync(string model, IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken);

    /// <summary>Records the true classes; every id must name a stored prediction of the model.</summary>
    /// <exception cref="UnknownModelException"/>
    /// <exception cref="ModelIngestException">An unknown prediction id or class.</exception>
    Task<int> AddValidationsAsync(string model, IReadOnlyList<Validation> validations, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a CSV (header row) or JSON Lines file of predictions or validations and stores it whole. The format is
    /// taken from <paramref name="fileName"/>'s extension, else from the content; gzip is accepted.
    /// </summary>
    /// <exception cref="UnknownModelException"/>
    /// <exception cref="ModelIngestException">Any bad row; errors carry line numbers.</exception>
    Task<ModelUploadResult> UploadAsync(string model, ModelUploadKind kind, string? fileName, Stream content, CancellationToken cancellationToken);
}
