namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>One reading of the host: everything the sampler turns into points, taken at <see cref="TimeUnixNano"/>.</summary>
public sealed record HostReading
{
    public required long TimeUnixNano { get; init; }

    public ProcStat? Stat { get; init; }

    public LoadAverage? Load { get; init; }

    public MemoryInfo? Memory { get; init; }

    public IReadOnlyList<DiskCounters> Disks { get; init; } = [];

    public IReadOnlyList<NetworkCounters> Networks { get; init; } = [];

    public double? UptimeSeconds { get; init; }

    public ProcessTimes? Process { get; init; }

    public IReadOnlyList<FilesystemUsage> Filesystems { get; init; } = [];

    /// <summary>What could not be read or was cut (a missing file, a file over the cap, skipped lines), for the log.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
