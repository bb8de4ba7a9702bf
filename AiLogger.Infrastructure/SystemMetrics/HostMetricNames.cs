namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// The OpenTelemetry semantic-convention names the hostmetrics receiver uses, so this host's series and those a
/// Collector sends for other hosts land on the same charts.
/// </summary>
public static class HostMetricNames
{
    public const string CpuUtilization = "system.cpu.utilization";
    public const string LoadAverage1m = "system.cpu.load_average.1m";
    public const string LoadAverage5m = "system.cpu.load_average.5m";
    public const string LoadAverage15m = "system.cpu.load_average.15m";
    public const string MemoryUsage = "system.memory.usage";
    public const string MemoryUtilization = "system.memory.utilization";
    public const string PagingUsage = "system.paging.usage";
    public const string PagingUtilization = "system.paging.utilization";
    public const string FilesystemUsage = "system.filesystem.usage";
    public const string FilesystemUtilization = "system.filesystem.utilization";
    public const string DiskIo = "system.disk.io";
    public const string DiskOperations = "system.disk.operations";
    public const string NetworkIo = "system.network.io";
    public const string NetworkPackets = "system.network.packets";
    public const string NetworkErrors = "system.network.errors";
    public const string NetworkDropped = "system.network.dropped";
    public const string Uptime = "system.uptime";
    public const string ProcessCpuUtilization = "process.cpu.utilization";
    public const string ProcessMemoryUsage = "process.memory.usage";

    /// <summary>Attribute keys.</summary>
    public const string State = "state";
    public const string Cpu = "cpu";
    public const string Device = "device";
    public const string Direction = "direction";
    public const string MountPoint = "mountpoint";
    public const string Type = "type";
    public const string Mode = "mode";

    /// <summary>The instrumentation scope of AI-Logger's own sampler.</summary>
    public const string Scope = "AiLogger.HostMetrics";
}
