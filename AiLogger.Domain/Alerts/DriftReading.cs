namespace AiLogger.Domain.Alerts;

/// <summary>The latest drift result of a model's feature, as a drift rule reads it.</summary>
public sealed record DriftReading(
    string Feature, string Method, double Statistic, double? PValue, double Threshold, bool Drifted, double? Psi, DateTimeOffset ComputedAt);
