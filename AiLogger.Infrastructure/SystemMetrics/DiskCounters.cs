namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>One whole block device of /proc/diskstats: completed operations and bytes (sectors × 512) since boot.</summary>
public sealed record DiskCounters(string Device, ulong Reads, ulong Writes, ulong ReadBytes, ulong WrittenBytes);
