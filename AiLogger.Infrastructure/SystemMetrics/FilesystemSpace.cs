namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// statfs of a mount point in bytes: all blocks, free blocks (including those reserved for root) and the blocks
/// available to unprivileged users.
/// </summary>
public sealed record FilesystemSpace(long TotalBytes, long FreeBytes, long AvailableBytes)
{
    public long UsedBytes => Math.Max(0, TotalBytes - FreeBytes);

    /// <summary>Free to root only (ext4 keeps 5 % by default).</summary>
    public long ReservedBytes => Math.Max(0, FreeBytes - AvailableBytes);

    /// <summary>As <c>df</c> and the hostmetrics receiver compute it: used / (used + available), so reserved blocks do not count as free.</summary>
    public double Utilization => UsedBytes + AvailableBytes == 0 ? 0 : UsedBytes / (double)(UsedBytes + AvailableBytes);
}
