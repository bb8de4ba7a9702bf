namespace AiLogger.Domain.ModelMonitoring;

/// <summary>How a feature's values were compared: as categories or as numbers.</summary>
public static class DriftFeatureKinds
{
    public const string Categorical = "categorical";
    public const string Numeric = "numeric";
}
