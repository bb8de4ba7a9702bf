namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// Row of <c>model_daily_counts</c>: predictions of one UTC day (by the prediction's timestamp) with one predicted
/// and one actual class (<see cref="NotValidated"/> when there is none yet), their count and confidence sums.
/// </summary>
internal sealed class ModelDailyCountEntity
{
    /// <summary>The actual class of predictions without a validation: a key column cannot be null, and no class is empty.</summary>
    public const string NotValidated = "";

    public long ModelId { get; set; }

    /// <summary>UTC ticks of the day's midnight.</summary>
    public long Day { get; set; }

    public required string Predicted { get; set; }

    public required string Actual { get; set; }

    public long Count { get; set; }

    public double ConfidenceSum { get; set; }

    public long ConfidenceCount { get; set; }
}
