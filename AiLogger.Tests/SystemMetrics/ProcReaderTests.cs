using AiLogger.Infrastructure.SystemMetrics;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.SystemMetrics;

public sealed class ProcReaderTests
{
    private readonly ProcReader _host = ProcFixtures.Reader("snapshot2");

    [Fact]
    public void Reads_the_cpu_lines_and_boot_time_of_a_captured_stat()
    {
        var stat = _host.ReadStat()!;
        Assert.Equal(["cpu", "cpu0", "cpu1"], stat.Cpus.Select(c => c.Name));
        // cpu0 86851 1186 11446 692527 2069 0 440 1805.
        Assert.Equal(new CpuTimes("cpu0", 86851, 1186, 11446, 692527, 2069, 0, 440, 1805), stat.Cpus[1]);
        Assert.Equal(1796237548, stat.BootTimeUnixSeconds);
    }

    [Fact]
    public void Reads_load_uptime_and_memory_in_bytes()
    {
        Assert.Equal(new LoadAverage(0.00, 0.14, 1.23), _host.ReadLoadAverage());
        Assert.Equal(7967.54, _host.ReadUptime());
        var memory = _host.ReadMemory()!;
        Assert.Equal(24683584L * 1024, memory.TotalBytes);
        Assert.Equal(24203520L * 1024, memory.AvailableBytes);
        // used = 24683584 − 24298308 free − 716 buffers − 177900 cached − 88340 reclaimable slab = 118320 KiB.
        Assert.Equal(118320L * 1024, memory.UsedBytes);
        Assert.Equal(0, memory.SwapTotalBytes);
    }

    [Fact]
    public void Reads_whole_disks_in_bytes_and_skips_memory_devices()
    {
        // vda: 34948 reads, 2140970 sectors read; 338350 writes, 19793720 sectors written; loop0–7 and zram0 left out.
        var disk = Assert.Single(_host.ReadDisks());
        Assert.Equal(new DiskCounters("vda", 34948, 338350, 2140970UL * 512, 19793720UL * 512), disk);
    }

    [Fact]
    public void Reads_every_interface_but_loopback()
    {
        var networks = _host.ReadNetworks();
        Assert.Equal(["ifb0", "ifb1", "eth0"], networks.Select(n => n.Device));
        Assert.Equal(new NetworkCounters("eth0", 698777916, 24161, 0, 0, 1352934, 16749, 0, 0), networks[2]);
    }

    [Fact]
    public void Keeps_only_real_filesystems_among_the_mounts()
    {
        // proc, sysfs, devtmpfs, tmpfs, devpts, cgroup and cgroup2 are all left out.
        Assert.Equal([new MountEntry("/dev/vda", "/", "ext4", "rw")], _host.ReadMounts());
    }

    [Fact]
    public void Reads_the_process_cpu_times_and_resident_set()
    {
        // "4242 (my (odd) name) S …": the name holds spaces and parentheses; utime 1000, stime 200, starttime 50000.
        var process = ProcFixtures.Reader("process-before").ReadProcess()!;
        Assert.Equal(new ProcessTimes(4242, 1000, 200, 50000, 120000L * 1024), process);
    }

    [Fact]
    public void Read_collects_every_file_and_asks_statfs_for_each_real_mount()
    {
        var space = new ProcFixtures.FixedSpace(new FilesystemSpace(1000, 300, 250));
        var reading = _host.Read(42, space);
        Assert.Equal(["/"], space.Asked);
        Assert.Equal(42, reading.TimeUnixNano);
        Assert.NotNull(reading.Stat);
        Assert.NotNull(reading.Memory);
        Assert.Single(reading.Filesystems);
        Assert.Empty(reading.Notes);
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_noted()
    {
        var reader = ProcFixtures.Reader("malformed");
        var notes = new List<string>();

        // cpu1 "fifty", cpuX, the two-field cpu2 and "btime soon" are skipped; the four-field cpu3 of an old kernel is kept.
        var stat = reader.ReadStat(notes)!;
        Assert.Equal(["cpu", "cpu0", "cpu3"], stat.Cpus.Select(c => c.Name));
        Assert.Equal(new CpuTimes("cpu3", 10, 20, 30, 40, 0, 0, 0, 0), stat.Cpus[2]);
        Assert.Null(stat.BootTimeUnixSeconds);
        Assert.Contains(notes, n => n.EndsWith("stat: 4 malformed lines skipped.", StringComparison.Ordinal));

        // MemFree −12, the line without a colon and "200 MB" are skipped: free and cached count as 0.
        var memory = reader.ReadMemory(notes)!;
        Assert.Equal(8000 * 1024, memory.TotalBytes);
        Assert.Equal(0, memory.FreeBytes);
        Assert.Equal(0, memory.CachedBytes);
        // used = 8000 − 0 − 100 buffers − 0 − 50 slab = 7850 KiB; swap used 1000 − 400 = 600 KiB.
        Assert.Equal(7850 * 1024, memory.UsedBytes);
        Assert.Equal(400 * 1024, memory.SwapFreeBytes);

        // The short sda1 and sdb lines are skipped.
        Assert.Equal(["sda", "nvme0n1"], reader.ReadDisks(notes).Select(d => d.Device));
        Assert.Equal(new DiskCounters("sda", 10, 20, 80 * 512, 160 * 512), reader.ReadDisks()[0]);

        // eth1 "lots", the short eth2 and the line without a colon are skipped.
        Assert.Equal(new NetworkCounters("eth0", 1000, 10, 1, 2, 2000, 20, 3, 4), Assert.Single(reader.ReadNetworks(notes)));

        // "broken-line" and the relative mount point are skipped; \040 is a space; the later mount over / wins.
        Assert.Equal(
            [new MountEntry("/dev/sda2", "/", "xfs", "rw"), new MountEntry("/dev/sdb1", "/mnt/my disk", "ext4", "ro")],
            reader.ReadMounts(notes));

        Assert.Null(reader.ReadLoadAverage(notes));
        Assert.Null(reader.ReadUptime(notes));
        Assert.Null(reader.ReadProcess(notes));
        Assert.Contains(notes, n => n.Contains("self/stat could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Partitions_and_memory_devices_are_not_disks()
    {
        var disks = ProcFixtures.Reader("partitions").ReadDisks();
        // sda1, nvme0n1p1 and mmcblk0p1 are partitions of listed devices; loop0, ram0 and zram0 are not disks.
        Assert.Equal(["sda", "sdaa", "nvme0n1", "mmcblk0", "mmcblk0boot0", "dm-0", "sr0"], disks.Select(d => d.Device));
    }

    [Fact]
    public void A_file_over_the_cap_is_read_up_to_its_last_whole_line_within_the_cap()
    {
        // 200 lines of 32 bytes (6400 bytes) under a 4096-byte cap: 4096 / 32 = 128 whole lines.
        var notes = new List<string>();
        var mounts = ProcFixtures.Reader("oversized", maxFileBytes: 4096).ReadMounts(notes);
        Assert.Equal(128, mounts.Count);
        Assert.Equal("/mnt/d0128", mounts[^1].MountPoint);
        Assert.Contains(notes, n => n.Contains("larger than 4096 bytes; only its first 4096 bytes were read", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_over_the_default_cap_costs_at_most_the_cap()
    {
        // 2 MiB without a newline: the default 1 MiB cap stops the read, and no whole line lies within it.
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("loadavg"), new string('9', 2 << 20));
        var notes = new List<string>();
        Assert.Null(new ProcReader(folder.Path).ReadLoadAverage(notes));
        Assert.Contains(notes, n => n.Contains($"larger than {1 << 20} bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_files_give_empty_readings_not_errors()
    {
        using var folder = new TempDirectory();
        var reading = new ProcReader(folder.Path).Read(1, new ProcFixtures.FixedSpace(new FilesystemSpace(1, 1, 1)));
        Assert.Null(reading.Stat);
        Assert.Null(reading.Memory);
        Assert.Empty(reading.Disks);
        Assert.Empty(reading.Filesystems);
        Assert.Contains(reading.Notes, n => n.Contains("meminfo could not be read", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Reads_this_host_and_its_root_filesystem()
    {
        Skip.IfNot(File.Exists("/proc/stat"), "This host has no /proc (not Linux).");
        var reading = new ProcReader().Read(1, new DriveInfoFilesystemSpace());
        Assert.Contains(reading.Stat!.Cpus, c => c.Name == "cpu0");
        Assert.True(reading.Memory!.TotalBytes > 0);
        Assert.Equal(Environment.ProcessId, reading.Process!.ProcessId);
        Assert.True(reading.Process.ResidentBytes > 0);
        Assert.All(reading.Filesystems, f => Assert.True(f.Space.TotalBytes >= f.Space.FreeBytes && f.Space.FreeBytes >= f.Space.AvailableBytes));
    }
}
