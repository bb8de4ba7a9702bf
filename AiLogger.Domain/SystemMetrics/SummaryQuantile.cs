namespace AiLogger.Domain.SystemMetrics;

/// <summary>One quantile of a summary point: <see cref="Quantile"/> in [0, 1].</summary>
public sealed record SummaryQuantile(double Quantile, double Value);
