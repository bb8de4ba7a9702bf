namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>The lines of /proc/meminfo the sampler uses, in bytes (the file says kB, which are KiB); 0 when a line is absent.</summary>
public sealed record MemoryInfo
{
    public required long TotalBytes { get; init; }

    public long FreeBytes { get; init; }

    /// <summary>Null on kernels before 3.14, which do not estimate it.</summary>
    public long? AvailableBytes { get; init; }

    public long BuffersBytes { get; init; }

    public long CachedBytes { get; init; }

    public long SlabReclaimableBytes { get; init; }

    public long SwapTotalBytes { get; init; }

    public long SwapFreeBytes { get; init; }

    /// <summary>What the hostmetrics receiver calls used: total − free − buffers − cached − reclaimable slab.</summary>
    public long UsedBytes => Math.Max(0, TotalBytes - FreeBytes - BuffersBytes - CachedBytes - SlabReclaimableBytes);
}
