using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// Turns two successive <see cref="HostReading"/>s into metric points named and shaped as the OpenTelemetry
/// hostmetrics receiver sends them: utilizations are gauges (unit "1"); usages are non-monotonic cumulative sums
/// (as the conventions define them: an UpDownCounter); disk and network counters are monotonic cumulative sums
/// starting at boot. Pure: no timers, no clock, no I/O. Without a previous reading the rates (CPU and process
/// utilization) are left out.
/// </summary>
public sealed class HostMetricsSampler(string hostName, string serviceName = "ai-logger", int clockTicksPerSecond = HostMetricsSampler.DefaultClockTicksPerSecond)
{
    /// <summary>USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture in use.</summary>
    public const int DefaultClockTicksPerSecond = 100;

    private const long NanosPerSecond = 1_000_000_000L;

    private readonly string? _resourceJson = MetricAttributeJson.Of(("host.name", hostName), ("service.name", serviceName), ("os.type", "linux"));

    public IReadOnlyList<MetricPoint> Sample(HostReading? previous, HostReading current, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(current);
        var points = new List<MetricPoint>();
        var boot = BootUnixNano(current);
        AddCpu(points, previous?.Stat, current);
        AddLoad(points, current);
        AddMemory(points, current, boot);
        AddFilesystems(points, current, boot);
        AddDisks(points, current, boot);
        AddNetworks(points, current, boot);
        if (current.UptimeSeconds is { } uptime)
        {
            points.Add(Gauge(current, HostMetricNames.Uptime, "s", "The time the system has been running.", uptime));
        }

        AddProcess(points, previous, current, interval, boot);
        return points;
    }

    /// <summary>btime of /proc/stat, else now − uptime; 0 (unknown) when neither was read.</summary>
    private static long BootUnixNano(HostReading reading) =>
        reading.Stat?.BootTimeUnixSeconds is { } seconds ? seconds * NanosPerSecond
        : reading.UptimeSeconds is { } uptime ? reading.TimeUnixNano - (long)(uptime * NanosPerSecond)
        : 0;

    private void AddCpu(List<MetricPoint> points, ProcStat? previous, HostReading current)
    {
        if (previous is null || current.Stat is null)
        {
            return;
        }

        var before = previous.Cpus.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var cpu in current.Stat.Cpus)
        {
            // A CPU that went offline and back, or counters that went down, give no honest ratio this time.
            if (!before.TryGetValue(cpu.Name, out var old) || cpu.Sum <= old.Sum)
            {
                continue;
            }

            double total = cpu.Sum - old.Sum;
            (string State, ulong Now, ulong Then)[] states =
            [
                ("user", cpu.User, old.User), ("nice", cpu.Nice, old.Nice), ("system", cpu.System, old.System),
                ("idle", cpu.Idle, old.Idle), ("wait", cpu.IoWait, old.IoWait), ("interrupt", cpu.Irq, old.Irq),
                ("softirq", cpu.SoftIrq, old.SoftIrq), ("steal", cpu.Steal, old.Steal),
            ];
            foreach (var (state, now, then) in states)
            {
                var share = now >= then ? (now - then) / total : 0;
                var attributes = cpu.IsTotal
                    ? MetricAttributeJson.Of((HostMetricNames.State, state))
                    : MetricAttributeJson.Of((HostMetricNames.Cpu, cpu.Name), (HostMetricNames.State, state));
                points.Add(Gauge(current, HostMetricNames.CpuUtilization, "1",
                    "Difference in system.cpu.time since the last measurement, divided by the elapsed time and number of CPUs.", share, attributes));
            }
        }
    }

    private void AddLoad(List<MetricPoint> points, HostReading current)
    {
        if (current.Load is not { } load)
        {
            return;
        }

        points.Add(Gauge(current, HostMetricNames.LoadAverage1m, "{thread}", "Average CPU load over 1 minute.", load.OneMinute));
        points.Add(Gauge(current, HostMetricNames.LoadAverage5m, "{thread}", "Average CPU load over 5 minutes.", load.FiveMinutes));
        points.Add(Gauge(current, HostMetricNames.LoadAverage15m, "{thread}", "Average CPU load over 15 minutes.", load.FifteenMinutes));
    }

    private void AddMemory(List<MetricPoint> points, HostReading current, long boot)
    {
        if (current.Memory is not { } memory)
        {
            return;
        }

        // The states add up to the total: reclaimable slab is its own state, as in the hostmetrics receiver.
        (string State, long Bytes)[] states =
        [
            ("used", memory.UsedBytes), ("free", memory.FreeBytes), ("buffered", memory.BuffersBytes),
            ("cached", memory.CachedBytes), ("slab_reclaimable", memory.SlabReclaimableBytes),
        ];
        foreach (var (state, bytes) in states)
        {
            var attributes = MetricAttributeJson.Of((HostMetricNames.State, state));
            points.Add(Usage(current, boot, HostMetricNames.MemoryUsage, "Bytes of memory in use.", bytes, attributes));
            if (memory.TotalBytes > 0)
            {
                points.Add(Gauge(current, HostMetricNames.MemoryUtilization, "1", "Percentage of memory bytes in use.", bytes / (double)memory.TotalBytes, attributes));
            }
        }

        var swapUsed = Math.Max(0, memory.SwapTotalBytes - memory.SwapFreeBytes);
        foreach (var (state, bytes) in new[] { ("used", swapUsed), ("free", memory.SwapFreeBytes) })
        {
            var attributes = MetricAttributeJson.Of((HostMetricNames.State, state));
            points.Add(Usage(current, boot, HostMetricNames.PagingUsage, "Swap (unix) or pagefile (windows) usage.", bytes, attributes));
            if (memory.SwapTotalBytes > 0)
            {
                points.Add(Gauge(current, HostMetricNames.PagingUtilization, "1", "Swap (unix) or pagefile (windows) utilization.", bytes / (double)memory.SwapTotalBytes, attributes));
            }
        }
    }

    private void AddFilesystems(List<MetricPoint> points, HostReading current, long boot)
    {
        foreach (var (mount, space) in current.Filesystems)
        {
            (string, string)[] where =
            [
                (HostMetricNames.Device, mount.Device), (HostMetricNames.Mode, mount.Mode),
                (HostMetricNames.MountPoint, mount.MountPoint), (HostMetricNames.Type, mount.Type),
            ];
            foreach (var (state, bytes) in new[] { ("used", space.UsedBytes), ("free", space.AvailableBytes), ("reserved", space.ReservedBytes) })
            {
                points.Add(Usage(current, boot, HostMetricNames.FilesystemUsage, "Filesystem bytes used.", bytes,
                    MetricAttributeJson.Of([.. where, (HostMetricNames.State, state)])));
            }

            points.Add(Gauge(current, HostMetricNames.FilesystemUtilization, "1", "Fraction of filesystem bytes used.", space.Utilization, MetricAttributeJson.Of(where)));
        }
    }

    private void AddDisks(List<MetricPoint> points, HostReading current, long boot)
    {
        foreach (var disk in current.Disks)
        {
            AddPair(points, current, boot, HostMetricNames.DiskIo, "By", "Disk bytes transferred.", disk.Device, "read", disk.ReadBytes, "write", disk.WrittenBytes);
            AddPair(points, current, boot, HostMetricNames.DiskOperations, "{operations}", "Disk operations count.", disk.Device, "read", disk.Reads, "write", disk.Writes);
        }
    }

    private void AddNetworks(List<MetricPoint> points, HostReading current, long boot)
    {
        foreach (var net in current.Networks)
        {
            AddPair(points, current, boot, HostMetricNames.NetworkIo, "By", "The number of bytes transmitted and received.", net.Device, "receive", net.ReceivedBytes, "transmit", net.TransmittedBytes);
            AddPair(points, current, boot, HostMetricNames.NetworkPackets, "{packets}", "The number of packets transferred.", net.Device, "receive", net.ReceivedPackets, "transmit", net.TransmittedPackets);
            AddPair(points, current, boot, HostMetricNames.NetworkErrors, "{errors}", "The number of errors encountered.", net.Device, "receive", net.ReceiveErrors, "transmit", net.TransmitErrors);
            AddPair(points, current, boot, HostMetricNames.NetworkDropped, "{packets}", "The number of packets dropped.", net.Device, "receive", net.ReceiveDrops, "transmit", net.TransmitDrops);
        }
    }

    private void AddProcess(List<MetricPoint> points, HostReading? previous, HostReading current, TimeSpan interval, long boot)
    {
        if (current.Process is not { } process)
        {
            return;
        }

        if (process.ResidentBytes is { } resident)
        {
            var start = boot + (long)(process.StartTicksAfterBoot * (double)NanosPerSecond / clockTicksPerSecond);
            points.Add(Usage(current, start, HostMetricNames.ProcessMemoryUsage, "The amount of physical memory in use.", resident, null));
        }

        var cpus = current.Stat?.Cpus.Count(c => !c.IsTotal) ?? 0;
        if (previous?.Process is not { } old || old.ProcessId != process.ProcessId || interval <= TimeSpan.Zero || cpus == 0)
        {
            return;
        }

        foreach (var (state, now, then) in new[] { ("user", process.UserTicks, old.UserTicks), ("system", process.SystemTicks, old.SystemTicks) })
        {
            // CPU seconds used over the interval, out of what all CPUs could have given.
            var seconds = now >= then ? (now - then) / (double)clockTicksPerSecond : 0;
            points.Add(Gauge(current, HostMetricNames.ProcessCpuUtilization, "1",
                "Difference in process.cpu.time since the last measurement, divided by the elapsed time and number of CPUs available to the process.",
                seconds / (interval.TotalSeconds * cpus), MetricAttributeJson.Of((HostMetricNames.State, state))));
        }
    }

    private void AddPair(List<MetricPoint> points, HostReading current, long boot, string name, string unit, string description, string device,
        string first, ulong firstValue, string second, ulong secondValue)
    {
        points.Add(Counter(current, boot, name, unit, description, firstValue, MetricAttributeJson.Of((HostMetricNames.Device, device), (HostMetricNames.Direction, first))));
        points.Add(Counter(current, boot, name, unit, description, secondValue, MetricAttributeJson.Of((HostMetricNames.Device, device), (HostMetricNames.Direction, second))));
    }

    private MetricPoint Gauge(HostReading current, string name, string unit, string description, double value, string? attributes = null) =>
        Point(current, name, unit, description, value, attributes) with { Type = MetricType.Gauge };

    private MetricPoint Usage(HostReading current, long start, string name, string description, long bytes, string? attributes) =>
        Point(current, name, "By", description, bytes, attributes) with
        {
            Type = MetricType.Sum,
            Temporality = AggregationTemporality.Cumulative,
            Monotonic = false,
            StartUnixNano = start,
        };

    private MetricPoint Counter(HostReading current, long boot, string name, string unit, string description, ulong value, string? attributes) =>
        Point(current, name, unit, description, value, attributes) with
        {
            Type = MetricType.Sum,
            Temporality = AggregationTemporality.Cumulative,
            Monotonic = true,
            StartUnixNano = boot,
        };

    private MetricPoint Point(HostReading current, string name, string unit, string description, double value, string? attributes) => new()
    {
        Name = name,
        Unit = unit,
        Description = description,
        Service = serviceName,
        Host = hostName,
        Scope = HostMetricNames.Scope,
        ResourceJson = _resourceJson,
        AttributesJson = attributes,
        TimeUnixNano = current.TimeUnixNano,
        Value = value,
    };
}
