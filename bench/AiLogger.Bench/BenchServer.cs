using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AiLogger.Web;

namespace AiLogger.Bench;

/// <summary>The real app in its own process, so its memory is measured apart from the load generator's.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string ApiKey = "bench-key-0123456789abcdefghij";
    public const string AdminEmail = "bench@ailogger.local";
    public const string AdminPassword = "bench-password-123";

    private readonly Process _process;
    private readonly string? _directory;
    private readonly BenchPostgres? _postgres;

    private BenchServer(Process process, Uri baseAddress, string? directory, BenchPostgres? postgres)
    {
        _postgres = postgres;
        _process = process;
        BaseAddress = baseAddress;
        _directory = directory;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>Runs in the child process.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        await AiLoggerApp.Build(args).RunAsync();
        return 0;
    }

    /// <param name="database">An existing store to serve (kept afterwards); a fresh one in a temp folder when null.</param>
    /// <param name="environment">More settings for the server (<c>AiLogger__Models__Schedule</c>, …).</param>
    /// <param name="postgres">A PostgreSQL database to serve instead (owned by the server: dropped with it).</param>
    public static async Task<BenchServer> StartAsync(string synchronous, string? database = null, IReadOnlyDictionary<string, string>? environment = null,
        BenchPostgres? postgres = null)
    {
        var directory = database is null && postgres is null ? Path.Combine(Path.GetTempPath(), "ailogger-bench", Guid.NewGuid().ToString("N")) : null;
        if (directory is not null) Directory.CreateDirectory(directory);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(BenchServer).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.Environment["Urls"] = baseAddress.ToString();
        start.Environment["ConnectionStrings__AiLogger"] = postgres?.ConnectionString ?? $"Data Source={database ?? Path.Combine(directory!, "bench.db")}";
        if (postgres is not null) start.Environment["AiLogger__Storage__Provider"] = "Postgres";
        start.Environment["AiLogger__Retention__Days"] = "0";
        start.Environment["AiLogger__Bootstrap__ApiKey"] = ApiKey;
        start.Environment["AiLogger__Bootstrap__AdminEmail"] = AdminEmail;
        start.Environment["AiLogger__Bootstrap__AdminPassword"] = AdminPassword;
        start.Environment["AiLogger__Storage__Synchronous"] = synchronous;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AiLogger__Otlp__GrpcPort"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  server: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var attempt = 0; attempt < 1200; attempt++) // up to 2 minutes: a busy machine starts slowly
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode) return new BenchServer(process, baseAddress, directory, postgres);
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        process.Kill();
        throw new TimeoutException("The bench server did not start.");
    }

    /// <summary>Resident set now and at its peak (VmRSS, VmHWM), in MB.</summary>
    public (double Current, double Peak) Memory()
    {
        double current = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) current = Kilobytes(line) / 1024;
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) / 1024;
        }
        return (current, peak);
    }

    /// <summary>
    /// Resident set split into anonymous memory (heaps, stacks) and mapped files (the binaries, SQLite's memory map of the
    /// database and its shared WAL index), in MB.
    /// </summary>
    public (double Anonymous, double File) MemoryBreakdown()
    {
        double anonymous = 0, file = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anonymous = Kilobytes(line) / 1024;
            if (line.StartsWith("RssFile:", StringComparison.Ordinal) || line.StartsWith("RssShmem:", StringComparison.Ordinal)) file += Kilobytes(line) / 1024;
        }
        return (anonymous, file);
    }

    private static double Kilobytes(string line) =>
        double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>The store's file, when the server made a fresh one.</summary>
    public string? DatabasePath => _directory is null ? null : Path.Combine(_directory, "bench.db");

    public long DatabaseBytes() =>
        _postgres?.SizeBytes() ?? (_directory is null ? 0 : Directory.GetFiles(_directory).Sum(f => new FileInfo(f).Length));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _postgres?.Dispose();
        if (_directory is null) return;
        if (Environment.GetEnvironmentVariable("AILOGGER_BENCH_KEEP") is null)
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        else
            Console.WriteLine($"  kept the database in {_directory}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
