namespace AiLogger.Domain.SystemMetrics;

/// <summary>The time buckets metric rollups are kept in.</summary>
public enum RollupResolution
{
    Minute = 1,
    Hour = 2,
}
