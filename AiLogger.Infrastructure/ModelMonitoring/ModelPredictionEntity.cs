namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>Row of <c>model_predictions</c>: written by <see cref="Persistence.Sqlite.SqlitePredictionStore"/> with raw SQL; the entity only declares the schema.</summary>
internal sealed class ModelPredictionEntity
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public required string ItemId { get; set; }

    public required string Predicted { get; set; }

    public double? Confidence { get; set; }

    public string? Probabilities { get; set; }

    public string? Features { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public string? Actual { get; set; }

    public DateTimeOffset? ValidatedAt { get; set; }

    public bool Trained { get; set; }

    public bool Logged { get; set; }
}
