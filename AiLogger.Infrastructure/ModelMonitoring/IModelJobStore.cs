namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// What the model jobs read and write in the store (the provider seam: <c>Persistence/Sqlite/SqliteModelJobStore</c>);
/// the jobs keep the maths and the scheduling.
/// </summary>
internal interface IModelJobStore
{
    /// <summary>Models whose predictions changed since their daily counts were computed.</summary>
    Task<List<long>> ModelsWithNewDataAsync(CancellationToken cancellationToken);

    /// <summary>Models whose reference changed since their drift was computed.</summary>
    Task<List<long>> ModelsWithDriftPendingAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a model's daily counts with a fresh tally; the number of days with predictions, or null for an unknown model.</summary>
    Task<int?> RecomputeDailyCountsAsync(long modelId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Predictions per predicted class, or validated predictions per actual class, in [from, to).</summary>
    Dictionary<string, long> ClassCounts(long modelId, DriftClassColumn column, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Confidences and features of the predictions in [from, to), thinned evenly to at most <paramref name="maxRows"/>.</summary>
    FeatureSample Sample(long modelId, DateTimeOffset from, DateTimeOffset to, int maxRows);
}

internal enum DriftClassColumn
{
    Predicted,
    Actual,
}
