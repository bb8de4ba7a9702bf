namespace AiLogger.Domain.Alerts;

/// <summary>What a rule watches: a count of log events, a model's metric, a model's drift, a metric applications or the host send, or a project's test results.</summary>
public static class AlertKinds
{
    public const string Logs = "logs";
    public const string ModelMetric = "modelMetric";
    public const string Drift = "drift";
    public const string Metric = "metric";

    /// <summary>A project's CI test results: the latest run's failures, pass rate, coverage drop, or the flaky tests.</summary>
    public const string Tests = "tests";

    public static IReadOnlyList<string> All { get; } = [Logs, ModelMetric, Drift, Metric, Tests];

    /// <summary>The canonical spelling of <paramref name="kind"/>, or null when it is not a kind.</summary>
    public static string? Normalize(string? kind) =>
        All.FirstOrDefault(k => string.Equals(k, kind?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(kind?.Trim(), "model-metric", StringComparison.OrdinalIgnoreCase) ? ModelMetric : null);
}
