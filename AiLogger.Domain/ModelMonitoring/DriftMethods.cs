namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Names of the drift methods as they appear in <see cref="DriftResult.Method"/>.</summary>
public static class DriftMethods
{
    public const string ChiSquared = "chi-squared";
    public const string ZTest = "z-test";
    public const string JensenShannon = "jensen-shannon";
    public const string KolmogorovSmirnov = "ks";
    public const string Wasserstein = "wasserstein";
}
