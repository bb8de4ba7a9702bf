namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>One <c>cpu</c> (all CPUs) or <c>cpuN</c> line of /proc/stat, in clock ticks (USER_HZ) since boot.</summary>
public sealed record CpuTimes(string Name, ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait, ulong Irq, ulong SoftIrq, ulong Steal)
{
    /// <summary>The all-CPUs line, as opposed to one CPU's.</summary>
    public bool IsTotal => Name == "cpu";

    /// <summary>Guest time is already inside user and nice, so it is not added again.</summary>
    public ulong Sum => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;
}
