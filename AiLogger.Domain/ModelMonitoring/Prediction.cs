namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// One prediction of a model. <see cref="ItemId"/> is unique per model: the same id sent again replaces the
/// prediction (so clients can retry safely) and keeps a validation it already has unless it carries its own.
/// </summary>
public sealed record Prediction
{
    /// <summary>The item predicted on, e.g. an image's file name.</summary>
    public required string ItemId { get; init; }

    public required string Predicted { get; init; }

    /// <summary>Confidence of the predicted class in [0, 1], if the model gives one.</summary>
    public double? Confidence { get; init; }

    /// <summary>Probability per class (<c>{"cat":0.9,"dog":0.1}</c>), if the model gives them.</summary>
    public IReadOnlyDictionary<string, double>? Probabilities { get; init; }

    /// <summary>The model's inputs worth watching for drift, as a JSON object; numeric and text values are used.</summary>
    public string? FeaturesJson { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Already used to retrain the model (kept as the client sends it).</summary>
    public bool Trained { get; init; }

    /// <summary>Already forwarded to an external logging system (kept as the client sends it).</summary>
    public bool Logged { get; init; }

    /// <summary>The true class when the prediction arrives already validated.</summary>
    public string? Actual { get; init; }

    public DateTimeOffset? ValidatedAt { get; init; }
}
