using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiLogger.Tests.Support;

/// <summary>AiLogger.Web as its own process (for kill -9 tests), built in the same configuration as the tests.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    private readonly Queue<string> _output = new();

    /// <summary>The last lines the server wrote (warnings and errors: its log level is Warning), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200) _output.Dequeue();
        }
    }

    public static Task<ServerProcess> StartAsync(string databasePath, string apiKey, int? port = null, IDictionary<string, string>? environment = null) =>
        StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:AiLogger"] = $"Data Source={databasePath}" }, apiKey, port, environment);

    /// <summary>
    /// Starts the server on the given settings (configuration keys such as <c>ConnectionStrings:AiLogger</c>,
    /// <c>AiLogger:Storage:Provider</c>, <c>ConnectionStrings:Redis</c>: a fixture's <c>StorageSettings</c>, say).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string apiKey, int? port = null,
        IDictionary<string, string>? environment = null)
    {
        port ??= FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var dll = WebAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        // A PostgreSQL test run sets the provider process-wide for the in-process apps; this process gets its own settings.
        start.Environment.Remove("AiLogger__Storage__Provider");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Urls"] = baseAddress.ToString();
        foreach (var (key, value) in settings)
            if (value is not null) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["AiLogger__Bootstrap__ApiKey"] = apiKey;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        // Off unless a test asks for it: parallel servers cannot share the default port.
        start.Environment["AiLogger__Otlp__GrpcPort"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The server exited with code {process.ExitCode} before it was ready:\n{server.Output}");
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException("The server did not answer /healthz within 60 seconds.");
    }

    /// <summary>Starts the server with extra environment and waits for it to exit (for start-up failures).</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> StandardError)> RunUntilExitAsync(string databasePath, IDictionary<string, string> environment)
    {
        var (exitCode, _, errors) = await RunCommandAsync(databasePath, [], environment);
        return (exitCode, errors);
    }

    /// <summary>Runs AiLogger.Web with <paramref name="arguments"/> (a start-up command such as <c>--restore</c>) until it exits.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)> RunCommandAsync(
        string databasePath, IReadOnlyList<string> arguments, IDictionary<string, string>? environment = null)
    {
        var dll = WebAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("AiLogger__Storage__Provider");
        start.Environment["Urls"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["ConnectionStrings__AiLogger"] = $"Data Source={databasePath}";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        // Off unless a test asks for it: parallel servers cannot share the default port.
        start.Environment["AiLogger__Otlp__GrpcPort"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = new List<string>();
        var output = new List<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("The server kept running; it was expected to refuse to start.");
        }
        process.WaitForExit();
        return (process.ExitCode, output, errors);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>AiLogger.Web/bin/&lt;Configuration&gt;/net10.0/AiLogger.Web.dll, next to this test assembly's configuration.</summary>
    private static string WebAssemblyPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AiLogger.sln"))) root = root.Parent;
        if (root is null) throw new DirectoryNotFoundException("AiLogger.sln not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(root.FullName, "AiLogger.Web", "bin", configuration, framework, "AiLogger.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build AiLogger.Web first", dll);
    }
}
