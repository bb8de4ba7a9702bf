namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Reads a model's figures from the daily counts and drift results the jobs store. Each answer is null when the model is unknown.</summary>
public interface IModelMetrics
{
    /// <summary>
    /// Figures pooled over the UTC days that overlap [<paramref name="from"/>, <paramref name="to"/>): accuracy,
    /// precision/recall/F1 (macro, micro, weighted), per class (with validated samples and predictions per class),
    /// the confusion matrix and estimated accuracy. For "versus the previous period", ask again for the window before.
    /// </summary>
    Task<ModelMetrics?> GetMetricsAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>One entry per UTC day with predictions in the window, oldest first.</summary>
    Task<IReadOnlyList<DailyModelMetrics>?> GetDailyAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The latest drift run's results, one per feature (classes first, then confidence, then inputs by name).</summary>
    Task<IReadOnlyList<FeatureDrift>?> GetDriftAsync(string model, CancellationToken cancellationToken);
}
