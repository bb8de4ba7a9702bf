namespace AiLogger.Domain.Alerts;

/// <summary>The values a <see cref="AlertKinds.ModelMetric"/> or <see cref="AlertKinds.Drift"/> rule can watch.</summary>
public static class AlertMetrics
{
    public const string Accuracy = "accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string EstimatedAccuracy = "estimatedAccuracy";

    /// <summary>Model metrics; precision, recall and f1 may name a class (else their macro average).</summary>
    public static IReadOnlyList<string> Model { get; } = [Accuracy, Precision, Recall, F1, EstimatedAccuracy];

    public static IReadOnlyList<string> PerClass { get; } = [Precision, Recall, F1];

    public const string Drifted = "drifted";
    public const string Statistic = "statistic";
    public const string PValue = "pValue";
    public const string Psi = "psi";

    /// <summary>Drift values: the verdict (1 drifted, 0 not), the test statistic, its p-value, the PSI.</summary>
    public static IReadOnlyList<string> Drift { get; } = [Drifted, Statistic, PValue, Psi];

    public const string Failures = "failures";
    public const string PassRate = "passRate";
    public const string Flaky = "flaky";
    public const string CoverageDrop = "coverageDrop";

    /// <summary>
    /// Test values: failed and errored cases of the latest run, its pass rate (0–1), the branch's flaky tests, and how
    /// many points of line coverage the latest run lost against the one before.
    /// </summary>
    public static IReadOnlyList<string> Tests { get; } = [Failures, PassRate, Flaky, CoverageDrop];

    /// <summary>The feature a drift rule watches when it names none.</summary>
    public const string DefaultDriftFeature = "predicted_class";

    public static string? Normalize(IReadOnlyList<string> names, string? name) =>
        names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
