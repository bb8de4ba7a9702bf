namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Outcome of a chi-squared goodness-of-fit test.</summary>
public sealed record ChiSquaredResult
{
    public required double Statistic { get; init; }
    public required int DegreesOfFreedom { get; init; }
    public required double PValue { get; init; }
}
