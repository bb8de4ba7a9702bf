using System.Globalization;
using System.Text;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// Reads the /proc files of the host monitor from a root folder (<c>/proc</c>, or a fixture folder in tests). Each
/// file is read up to <see cref="MaxFileBytes"/> (the rest is dropped with a note), and a line that does not parse is
/// skipped with a note: a strange kernel or a hostile container never stops the sampler.
/// </summary>
public sealed class ProcReader(string root = "/proc", int maxFileBytes = ProcReader.DefaultMaxFileBytes, int maxEntries = ProcReader.DefaultMaxEntries)
{
    public const int DefaultMaxFileBytes = 1 << 20;

    /// <summary>Disks, interfaces and filesystems beyond this many are dropped (each filesystem costs a statfs).</summary>
    public const int DefaultMaxEntries = 512;

    // Pseudo and memory filesystems: no disk behind them, so no "disk filling up" to watch.
    private static readonly HashSet<string> VirtualFilesystems = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devpts", "tmpfs", "overlay", "squashfs", "mqueue", "debugfs", "tracefs", "securityfs",
        "pstore", "bpf", "fusectl", "configfs", "autofs", "devtmpfs", "hugetlbfs", "binfmt_misc", "nsfs", "rpc_pipefs",
        "ramfs", "efivarfs",
    };

    public string Root { get; } = root;

    public int MaxFileBytes { get; } = maxFileBytes > 0 ? maxFileBytes : throw new ArgumentOutOfRangeException(nameof(maxFileBytes));

    public int MaxEntries { get; } = maxEntries > 0 ? maxEntries : throw new ArgumentOutOfRangeException(nameof(maxEntries));

    /// <summary>Every file, and statfs of every real filesystem through <paramref name="space"/>.</summary>
    public HostReading Read(long timeUnixNano, IFilesystemSpaceSource space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var notes = new List<string>();
        var filesystems = new List<FilesystemUsage>();
        foreach (var mount in ReadMounts(notes))
        {
            if (space.Read(mount.MountPoint) is { } figures)
            {
                filesystems.Add(new FilesystemUsage(mount, figures));
            }
        }

        return new HostReading
        {
            TimeUnixNano = timeUnixNano,
            Stat = ReadStat(notes),
            Load = ReadLoadAverage(notes),
            Memory = ReadMemory(notes),
            Disks = ReadDisks(notes),
            Networks = ReadNetworks(notes),
            UptimeSeconds = ReadUptime(notes),
            Process = ReadProcess(notes),
            Filesystems = filesystems,
            Notes = notes,
        };
    }

    /// <summary>/proc/stat: the cpu and cpuN lines (user nice system idle iowait irq softirq steal) and btime.</summary>
    public ProcStat? ReadStat(ICollection<string>? notes = null)
    {
        var lines = ReadLines("stat", notes);
        if (lines is null)
        {
            return null;
        }

        var cpus = new List<CpuTimes>();
        long? bootTime = null;
        var skipped = 0;
        foreach (var line in lines)
        {
            var fields = Fields(line);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields[0] == "btime")
            {
                if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    bootTime = seconds;
                }
                else
                {
                    skipped++;
                }

                continue;
            }

            if (!fields[0].StartsWith("cpu", StringComparison.Ordinal))
            {
                continue;
            }

            // Kernels before 2.6 had four fields, 2.6.11+ eight or more; missing ones are 0.
            var name = fields[0];
            var numbers = new ulong[8];
            var ok = (name == "cpu" || IsDigits(name.AsSpan(3))) && fields.Length >= 5 && cpus.Count < MaxEntries;
            for (var i = 0; ok && i < numbers.Length && i + 1 < fields.Length; i++)
            {
                ok = ulong.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]);
            }

            if (!ok)
            {
                skipped++;
                continue;
            }

            cpus.Add(new CpuTimes(name, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6], numbers[7]));
        }

        NoteSkipped("stat", skipped, notes);
        // The all-CPUs line first, then cpu0, cpu1… in number order.
        cpus.Sort((a, b) => CpuOrder(a).CompareTo(CpuOrder(b)));
        return new ProcStat(cpus, bootTime);
    }

    /// <summary>/proc/loadavg: the first three fields.</summary>
    public LoadAverage? ReadLoadAverage(ICollection<string>? notes = null)
    {
        var lines = ReadLines("loadavg", notes);
        var fields = lines is { Count: > 0 } ? Fields(lines[0]) : [];
        if (fields.Length >= 3 && TryDouble(fields[0], out var one) && TryDouble(fields[1], out var five) && TryDouble(fields[2], out var fifteen))
        {
            return new LoadAverage(one, five, fifteen);
        }

        if (lines is not null)
        {
            NoteSkipped("loadavg", 1, notes);
        }

        return null;
    }

    /// <summary>/proc/meminfo: MemTotal, MemFree, MemAvailable, Buffers, Cached, SReclaimable, SwapTotal, SwapFree.</summary>
    public MemoryInfo? ReadMemory(ICollection<string>? notes = null)
    {
        var lines = ReadLines("meminfo", notes);
        if (lines is null)
        {
            return null;
        }

        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                skipped += line.Length == 0 ? 0 : 1;
                continue;
            }

            var fields = Fields(line[(colon + 1)..]);
            if (fields.Length == 0 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || (fields.Length > 1 && fields[1] != "kB"))
            {
                skipped++;
                continue;
            }

            // kB here means KiB; a line without a unit (HugePages_Total) is a count and not used.
            values.TryAdd(line[..colon], fields.Length > 1 && value <= long.MaxValue / 1024 ? value * 1024 : value);
        }

        NoteSkipped("meminfo", skipped, notes);
        if (!values.TryGetValue("MemTotal", out var total))
        {
            notes?.Add($"{Path("meminfo")} has no MemTotal line.");
            return null;
        }

        return new MemoryInfo
        {
            TotalBytes = total,
            FreeBytes = values.GetValueOrDefault("MemFree"),
            AvailableBytes = values.TryGetValue("MemAvailable", out var available) ? available : null,
            BuffersBytes = values.GetValueOrDefault("Buffers"),
            CachedBytes = values.GetValueOrDefault("Cached"),
            SlabReclaimableBytes = values.GetValueOrDefault("SReclaimable"),
            SwapTotalBytes = values.GetValueOrDefault("SwapTotal"),
            SwapFreeBytes = values.GetValueOrDefault("SwapFree"),
        };
    }

    /// <summary>
    /// /proc/diskstats: whole devices only. A partition is a name that extends another listed device by digits
    /// (sda1 of sda) or by p and digits (nvme0n1p1 of nvme0n1, mmcblk0p1 of mmcblk0); loop, ram and zram devices
    /// are memory or files, not disks.
    /// </summary>
    public IReadOnlyList<DiskCounters> ReadDisks(ICollection<string>? notes = null)
    {
        var lines = ReadLines("diskstats", notes);
        if (lines is null)
        {
            return [];
        }

        var all = new List<DiskCounters>();
        var skipped = 0;
        foreach (var line in lines)
        {
            var fields = Fields(line);
            if (fields.Length == 0)
            {
                continue;
            }

            // major minor name, then reads, reads merged, sectors read, ms reading, writes, writes merged, sectors written.
            if (fields.Length < 10
                || !TryCounter(fields[3], out var reads) || !TryCounter(fields[5], out var sectorsRead)
                || !TryCounter(fields[7], out var writes) || !TryCounter(fields[9], out var sectorsWritten))
            {
                skipped++;
                continue;
            }

            all.Add(new DiskCounters(fields[2], reads, writes, unchecked(sectorsRead * 512), unchecked(sectorsWritten * 512)));
        }

        NoteSkipped("diskstats", skipped, notes);
        var names = all.Select(d => d.Device).ToHashSet(StringComparer.Ordinal);
        var disks = all
            .Where(d => !IsMemoryOrLoopDevice(d.Device) && !IsPartition(d.Device, names))
            .DistinctBy(d => d.Device, StringComparer.Ordinal)
            .ToList();
        return Capped(disks, "diskstats", notes);
    }

    /// <summary>/proc/net/dev: every interface but the loopback.</summary>
    public IReadOnlyList<NetworkCounters> ReadNetworks(ICollection<string>? notes = null)
    {
        var lines = ReadLines("net/dev", notes);
        if (lines is null)
        {
            return [];
        }

        var interfaces = new List<NetworkCounters>();
        var skipped = 0;
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            // The two header lines have '|' and no colon.
            if (colon < 0)
            {
                skipped += line.Length == 0 || line.Contains('|') ? 0 : 1;
                continue;
            }

            var name = line[..colon].Trim();
            var fields = Fields(line[(colon + 1)..]);
            var numbers = new ulong[16];
            var ok = name.Length > 0 && fields.Length >= 16;
            for (var i = 0; ok && i < 16; i++)
            {
                ok = TryCounter(fields[i], out numbers[i]);
            }

            if (!ok)
            {
                skipped++;
                continue;
            }

            if (name == "lo")
            {
                continue;
            }

            // Receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop ….
            interfaces.Add(new NetworkCounters(name, numbers[0], numbers[1], numbers[2], numbers[3], numbers[8], numbers[9], numbers[10], numbers[11]));
        }

        NoteSkipped("net/dev", skipped, notes);
        return Capped(interfaces.DistinctBy(n => n.Device, StringComparer.Ordinal).ToList(), "net/dev", notes);
    }

    /// <summary>/proc/uptime: seconds since boot.</summary>
    public double? ReadUptime(ICollection<string>? notes = null)
    {
        var lines = ReadLines("uptime", notes);
        var fields = lines is { Count: > 0 } ? Fields(lines[0]) : [];
        if (fields.Length >= 1 && TryDouble(fields[0], out var seconds))
        {
            return seconds;
        }

        if (lines is not null)
        {
            NoteSkipped("uptime", 1, notes);
        }

        return null;
    }

    /// <summary>/proc/self/stat (utime, stime, starttime) and /proc/self/status (VmRSS).</summary>
    public ProcessTimes? ReadProcess(ICollection<string>? notes = null)
    {
        var lines = ReadLines("self/stat", notes);
        if (lines is not { Count: > 0 })
        {
            return null;
        }

        var line = lines[0];
        // The command name is in parentheses and may itself hold spaces and parentheses: the last ')' ends it.
        var open = line.IndexOf('(');
        var close = line.LastIndexOf(')');
        var rest = close > open && open > 0 ? Fields(line[(close + 1)..]) : [];
        // rest[0] is field 3 (state): utime is field 14, stime 15, starttime 22.
        if (rest.Length < 20 || !int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !TryCounter(rest[11], out var user) || !TryCounter(rest[12], out var system) || !TryCounter(rest[19], out var start))
        {
            NoteSkipped("self/stat", 1, notes);
            return null;
        }

        long? resident = null;
        foreach (var statusLine in ReadLines("self/status", notes) ?? [])
        {
            if (statusLine.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var fields = Fields(statusLine[6..]);
                if (fields.Length >= 2 && fields[1] == "kB" && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) && kib <= long.MaxValue / 1024)
                {
                    resident = kib * 1024;
                }
                else
                {
                    NoteSkipped("self/status", 1, notes);
                }

                break;
            }
        }

        return new ProcessTimes(pid, user, system, start, resident);
    }

    /// <summary>/proc/mounts: real filesystems only, one entry per mount point (the last mount over it wins).</summary>
    public IReadOnlyList<MountEntry> ReadMounts(ICollection<string>? notes = null)
    {
        var lines = ReadLines("mounts", notes);
        if (lines is null)
        {
            return [];
        }

        var byMountPoint = new Dictionary<string, MountEntry>(StringComparer.Ordinal);
        var order = new List<string>();
        var skipped = 0;
        foreach (var line in lines)
        {
            var fields = Fields(line);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length < 4 || Unescape(fields[1]) is not { Length: > 0 } mountPoint || mountPoint[0] != '/')
            {
                skipped++;
                continue;
            }

            var type = fields[2];
            if (VirtualFilesystems.Contains(type) || type.StartsWith("cgroup", StringComparison.Ordinal))
            {
                continue;
            }

            var mode = fields[3].Split(',')[0] == "ro" ? "ro" : "rw";
            if (!byMountPoint.ContainsKey(mountPoint))
            {
                order.Add(mountPoint);
            }

            byMountPoint[mountPoint] = new MountEntry(Unescape(fields[0]), mountPoint, type, mode);
        }

        NoteSkipped("mounts", skipped, notes);
        return Capped(order.Select(m => byMountPoint[m]).ToList(), "mounts", notes);
    }

    private string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>The file's complete lines up to the cap; null (with a note) when it cannot be read.</summary>
    private List<string>? ReadLines(string relative, ICollection<string>? notes)
    {
        var path = Path(relative);
        byte[] buffer;
        int length;
        try
        {
            // /proc files report a length of 0, so read until the end or one byte past the cap.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            buffer = new byte[Math.Min(MaxFileBytes + 1, 64 * 1024)];
            length = 0;
            while (length <= MaxFileBytes)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, MaxFileBytes + 1L));
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes?.Add($"{path} could not be read: {e.Message}");
            return null;
        }

        if (length > MaxFileBytes)
        {
            // Keep whole lines only: a line cut at the cap would parse as a wrong number.
            var lastNewline = Array.LastIndexOf(buffer, (byte)'\n', MaxFileBytes - 1);
            length = lastNewline + 1;
            notes?.Add($"{path} is larger than {MaxFileBytes} bytes; only its first {length} bytes were read.");
        }

        var text = Encoding.UTF8.GetString(buffer, 0, length);
        return [.. text.Split('\n', StringSplitOptions.TrimEntries)];
    }

    private List<T> Capped<T>(List<T> entries, string relative, ICollection<string>? notes)
    {
        if (entries.Count <= MaxEntries)
        {
            return entries;
        }

        notes?.Add($"{Path(relative)} lists {entries.Count} entries; only the first {MaxEntries} are sampled.");
        return entries[..MaxEntries];
    }

    private void NoteSkipped(string relative, int skipped, ICollection<string>? notes)
    {
        if (skipped > 0)
        {
            notes?.Add($"{Path(relative)}: {skipped} malformed line{(skipped == 1 ? "" : "s")} skipped.");
        }
    }

    private static string[] Fields(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static bool TryCounter(string text, out ulong value) => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static long CpuOrder(CpuTimes cpu) =>
        cpu.IsTotal ? -1 : long.TryParse(cpu.Name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

    private static bool IsMemoryOrLoopDevice(string name) =>
        name.StartsWith("loop", StringComparison.Ordinal) || name.StartsWith("ram", StringComparison.Ordinal) || name.StartsWith("zram", StringComparison.Ordinal);

    private static bool IsPartition(string name, HashSet<string> devices)
    {
        for (var cut = name.Length - 1; cut > 0; cut--)
        {
            if (!char.IsAsciiDigit(name[cut]))
            {
                // sda1: "sda" + digits; nvme0n1p1: "nvme0n1" + "p" + digits.
                var digitsFrom = cut + 1;
                if (digitsFrom == name.Length)
                {
                    return false;
                }

                if (devices.Contains(name[..digitsFrom]))
                {
                    return true;
                }

                return name[cut] == 'p' && char.IsAsciiDigit(name[cut - 1]) && devices.Contains(name[..cut]);
            }
        }

        return false;
    }

    /// <summary>Decodes /proc/mounts' octal escapes (\040 space, \011 tab, \012 newline, \134 backslash).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
