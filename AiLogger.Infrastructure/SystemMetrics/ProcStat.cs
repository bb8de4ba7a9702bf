namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>What the sampler uses of /proc/stat: the CPU lines (the all-CPUs line first when present) and the boot time.</summary>
public sealed record ProcStat(IReadOnlyList<CpuTimes> Cpus, long? BootTimeUnixSeconds);
