namespace AiLogger.Domain.ModelMonitoring;

/// <summary>One feature's drift verdict, with the test <see cref="DriftTest"/> chose and PSI as a second opinion.</summary>
public sealed record DriftResult
{
    public required string Feature { get; init; }

    /// <summary>One of the <see cref="DriftMethods"/> names.</summary>
    public required string Method { get; init; }

    /// <summary>The test statistic: chi², z, D, or the (normed) distance.</summary>
    public required double Statistic { get; init; }

    /// <summary>Null for distance methods, which have no p-value.</summary>
    public double? PValue { get; init; }

    /// <summary>p-value threshold for tests, distance threshold for distances.</summary>
    public required double Threshold { get; init; }

    public required bool Drifted { get; init; }
    public required double Psi { get; init; }
    public required PsiLevel PsiLevel { get; init; }
}
