namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Names of the drift features that are not the model's own inputs (DESIGN §4); inputs keep their own names.</summary>
public static class DriftFeatureNames
{
    public const string PredictedClass = "predicted_class";
    public const string ActualClass = "actual_class";
    public const string Confidence = "confidence";
}
