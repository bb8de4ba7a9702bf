using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class HostMetricsSamplerTests
{
    private const long BootUnixNano = 1796237548L * 1_000_000_000;

    private static readonly ProcFixtures.FixedSpace Space = new(new FilesystemSpace(TotalBytes: 1000, FreeBytes: 300, AvailableBytes: 250));

    private readonly HostMetricsSampler _sampler = new("build-box");
    private readonly HostReading _first = ProcFixtures.Reader("snapshot1").Read(BootUnixNano + 7962_530_000_000, Space);
    private readonly HostReading _second = ProcFixtures.Reader("snapshot2").Read(BootUnixNano + 7967_540_000_000, Space);

    [Fact]
    public void Cpu_utilization_is_each_state_share_of_the_ticks_between_readings()
    {
        var points = _sampler.Sample(_first, _second, TimeSpan.FromSeconds(5));
        // All CPUs: user +1, system +2, idle +999, softirq +2 (nice, iowait, irq, steal +0) = 1004 ticks.
        Assert.Equal(1.0 / 1004, Value(points, HostMetricNames.CpuUtilization, """{"state":"user"}"""), 12);
        Assert.Equal(2.0 / 1004, Value(points, HostMetricNames.CpuUtilization, """{"state":"system"}"""), 12);
        Assert.Equal(999.0 / 1004, Value(points, HostMetricNames.CpuUtilization, """{"state":"idle"}"""), 12);
        Assert.Equal(2.0 / 1004, Value(points, HostMetricNames.CpuUtilization, """{"state":"softirq"}"""), 12);
        Assert.Equal(0, Value(points, HostMetricNames.CpuUtilization, """{"state":"wait"}"""));
        // cpu0: user +1, system +2, idle +498 = 501 ticks.
        Assert.Equal(498.0 / 501, Value(points, HostMetricNames.CpuUtilization, """{"cpu":"cpu0","state":"idle"}"""), 12);
        // 3 lines (all, cpu0, cpu1) × 8 states, each line's states adding up to 1.
        var cpu = points.Where(p => p.Name == HostMetricNames.CpuUtilization).ToList();
        Assert.Equal(24, cpu.Count);
        Assert.All(cpu, p => Assert.Equal(MetricType.Gauge, p.Type));
        Assert.All(cpu, p => Assert.Equal("1", p.Unit));
        Assert.Equal(1, cpu.Where(p => p.AttributesJson!.Contains("cpu1")).Sum(p => p.Value!.Value), 12);
    }

    [Fact]
    public void First_reading_has_no_rates_but_every_level()
    {
        var points = _sampler.Sample(null, _first, TimeSpan.Zero);
        Assert.DoesNotContain(points, p => p.Name is HostMetricNames.CpuUtilization or HostMetricNames.ProcessCpuUtilization);
        Assert.Contains(points, p => p.Name == HostMetricNames.MemoryUsage);
        Assert.Contains(points, p => p.Name == HostMetricNames.DiskIo);
    }

    [Fact]
    public void Memory_states_add_up_to_the_total()
    {
        var points = _sampler.Sample(_first, _second, TimeSpan.FromSeconds(5));
        // used = 24683584 − 24298308 − 716 − 177900 − 88340 = 118320 KiB.
        Assert.Equal(118320.0 * 1024, Value(points, HostMetricNames.MemoryUsage, """{"state":"used"}"""));
        Assert.Equal(118320.0 / 24683584, Value(points, HostMetricNames.MemoryUtilization, """{"state":"used"}"""), 12);
        var usage = points.Where(p => p.Name == HostMetricNames.MemoryUsage).ToList();
        Assert.Equal(24683584.0 * 1024, usage.Sum(p => p.Value!.Value));
        // Usages are what the conventions call UpDownCounters: non-monotonic cumulative sums, in bytes.
        Assert.All(usage, p =>
        {
            Assert.Equal((MetricType.Sum, AggregationTemporality.Cumulative, false, "By"), (p.Type, p.Temporality, p.Monotonic, p.Unit));
        });
        // No swap on the captured host: used and free are 0 and there is no utilization to divide.
        Assert.Equal(0, Value(points, HostMetricNames.PagingUsage, """{"state":"used"}"""));
        Assert.DoesNotContain(points, p => p.Name == HostMetricNames.PagingUtilization);
    }

    [Fact]
    public void Disk_and_network_counters_are_cumulative_sums_since_boot()
    {
        var points = _sampler.Sample(_first, _second, TimeSpan.FromSeconds(5));
        var read = Point(points, HostMetricNames.DiskIo, """{"device":"vda","direction":"read"}""");
        // 2140970 sectors × 512 bytes.
        Assert.Equal(2140970.0 * 512, read.Value);
        Assert.Equal((MetricType.Sum, AggregationTemporality.Cumulative, true, "By"), (read.Type, read.Temporality, read.Monotonic, read.Unit));
        Assert.Equal(BootUnixNano, read.StartUnixNano);
        Assert.Equal(338350, Value(points, HostMetricNames.DiskOperations, """{"device":"vda","direction":"write"}"""));
        Assert.Equal("{operations}", Point(points, HostMetricNames.DiskOperations, """{"device":"vda","direction":"write"}""").Unit);
        Assert.Equal(698777916, Value(points, HostMetricNames.NetworkIo, """{"device":"eth0","direction":"receive"}"""));
        Assert.Equal(16749, Value(points, HostMetricNames.NetworkPackets, """{"device":"eth0","direction":"transmit"}"""));
        Assert.Equal(0, Value(points, HostMetricNames.NetworkErrors, """{"device":"eth0","direction":"receive"}"""));
        Assert.DoesNotContain(points, p => p.AttributesJson?.Contains("\"lo\"") == true);
    }

    [Fact]
    public void Filesystem_usage_splits_used_free_and_reserved()
    {
        var points = _sampler.Sample(_first, _second, TimeSpan.FromSeconds(5));
        // statfs 1000 total, 300 free, 250 available: used 700, free 250, reserved 50; utilization 700 / (700 + 250).
        Assert.Equal(700, Value(points, HostMetricNames.FilesystemUsage, """{"device":"/dev/vda","mode":"rw","mountpoint":"/","state":"used","type":"ext4"}"""));
        Assert.Equal(250, Value(points, HostMetricNames.FilesystemUsage, """{"device":"/dev/vda","mode":"rw","mountpoint":"/","state":"free","type":"ext4"}"""));
        Assert.Equal(50, Value(points, HostMetricNames.FilesystemUsage, """{"device":"/dev/vda","mode":"rw","mountpoint":"/","state":"reserved","type":"ext4"}"""));
        Assert.Equal(700.0 / 950, Value(points, HostMetricNames.FilesystemUtilization, """{"device":"/dev/vda","mode":"rw","mountpoint":"/","type":"ext4"}"""), 12);
    }

    [Fact]
    public void Load_and_uptime_are_gauges_with_the_host_as_resource()
    {
        var points = _sampler.Sample(_first, _second, TimeSpan.FromSeconds(5));
        Assert.Equal(1.23, Value(points, HostMetricNames.LoadAverage15m, null));
        Assert.Equal("{thread}", Point(points, HostMetricNames.LoadAverage1m, null).Unit);
        var uptime = Point(points, HostMetricNames.Uptime, null);
        Assert.Equal((MetricType.Gauge, "s", 7967.54), (uptime.Type, uptime.Unit, uptime.Value!.Value));
        Assert.Equal("build-box", uptime.Host);
        Assert.Equal("ai-logger", uptime.Service);
        Assert.Equal("""{"host.name":"build-box","os.type":"linux","service.name":"ai-logger"}""", uptime.ResourceJson);
        Assert.All(points, p => Assert.Equal(_second.TimeUnixNano, p.TimeUnixNano));
    }

    [Fact]
    public void Process_cpu_utilization_is_cpu_seconds_over_interval_and_cpus()
    {
        var before = ProcFixtures.Reader("process-before").Read(1, Space);
        var after = ProcFixtures.Reader("process-after").Read(10_000_000_001, Space);
        var points = _sampler.Sample(before, after, TimeSpan.FromSeconds(10));
        // utime 1000 → 1150 ticks = 1.5 s over 10 s × 2 CPUs = 0.075; stime 200 → 250 = 0.5 s / 20 = 0.025.
        Assert.Equal(0.075, Value(points, HostMetricNames.ProcessCpuUtilization, """{"state":"user"}"""), 12);
        Assert.Equal(0.025, Value(points, HostMetricNames.ProcessCpuUtilization, """{"state":"system"}"""), 12);
        var memory = Point(points, HostMetricNames.ProcessMemoryUsage, null);
        Assert.Equal(125000.0 * 1024, memory.Value);
        // The process started 50000 ticks (500 s) after boot.
        Assert.Equal(BootUnixNano + 500_000_000_000, memory.StartUnixNano);
    }

    [Fact]
    public void Process_cpu_is_not_compared_across_different_processes()
    {
        // The two captured snapshots are of two short-lived cat processes (pids 22807 and 22818).
        var points = _sampler.Sample(_first, _second, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(points, p => p.Name == HostMetricNames.ProcessCpuUtilization);
        Assert.Equal(1604.0 * 1024, Value(points, HostMetricNames.ProcessMemoryUsage, null));
    }

    private static MetricPoint Point(IReadOnlyList<MetricPoint> points, string name, string? attributes) =>
        Assert.Single(points, p => p.Name == name && p.AttributesJson == attributes);

    private static double Value(IReadOnlyList<MetricPoint> points, string name, string? attributes) => Point(points, name, attributes).Value!.Value;
}
