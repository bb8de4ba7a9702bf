namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Outcome of a two-sample Kolmogorov–Smirnov test.</summary>
public sealed record KolmogorovSmirnovResult
{
    /// <summary>D = max |F_reference(x) − F_current(x)| over the pooled sample.</summary>
    public required double Statistic { get; init; }

    /// <summary>Two-sided p-value.</summary>
    public required double PValue { get; init; }

    /// <summary>True when <see cref="PValue"/> is the exact permutation probability, false when it is asymptotic.</summary>
    public required bool Exact { get; init; }
}
