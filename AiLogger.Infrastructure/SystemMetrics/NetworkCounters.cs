namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>One interface of /proc/net/dev: counters since the interface came up.</summary>
public sealed record NetworkCounters(
    string Device,
    ulong ReceivedBytes,
    ulong ReceivedPackets,
    ulong ReceiveErrors,
    ulong ReceiveDrops,
    ulong TransmittedBytes,
    ulong TransmittedPackets,
    ulong TransmitErrors,
    ulong TransmitDrops);
