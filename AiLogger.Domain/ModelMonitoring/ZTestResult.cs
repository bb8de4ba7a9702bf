namespace AiLogger.Domain.ModelMonitoring;

/// <summary>Outcome of a two-proportion z-test.</summary>
public sealed record ZTestResult
{
    /// <summary>(p_reference − p_current) / standard error under the pooled proportion.</summary>
    public required double Statistic { get; init; }

    /// <summary>Two-sided: 2·(1 − Φ(|z|)).</summary>
    public required double PValue { get; init; }

    public required double PooledProportion { get; init; }
}
