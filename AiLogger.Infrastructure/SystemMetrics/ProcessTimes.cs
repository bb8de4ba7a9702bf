namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// AI-Logger's own process from /proc/self/stat (CPU time in clock ticks, start in ticks after boot) and
/// /proc/self/status (resident set); RSS is null when status could not be read.
/// </summary>
public sealed record ProcessTimes(int ProcessId, ulong UserTicks, ulong SystemTicks, ulong StartTicksAfterBoot, long? ResidentBytes);
