using System.Diagnostics;
using System.Text;
using AiLogger.Cli;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Cli;

/// <summary>Runs the real <c>ailogger</c> commands: in-process through <see cref="CliApp.RunAsync"/>, or as the built program.</summary>
public sealed class Cli(Uri server, string? apiKey) : IDisposable
{
    private readonly TempDirectory _config = new();

    public string ConfigFolder => _config.Path;

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    /// <summary>A writer several threads may write to while a test reads it.</summary>
    public sealed class Capture : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text) _text.Append(value);
        }

        public override void Write(string? value)
        {
            lock (_text) _text.Append(value);
        }

        public override string ToString()
        {
            lock (_text) return _text.ToString();
        }
    }

    public CliHost Host(TextWriter output, TextWriter error, Stream? input = null, bool interactive = false, IDictionary<string, string>? environment = null) => new()
    {
        Out = output,
        Error = error,
        OpenInput = () => input ?? Stream.Null,
        Environment = name => environment is not null && environment.TryGetValue(name, out var value) ? value
            : name switch
            {
                "AILOGGER_URL" => server.ToString(),
                "AILOGGER_API_KEY" => apiKey,
                _ => null,
            },
        ConfigFolder = _config.Path,
        Interactive = interactive,
    };

    public async Task<Result> RunAsync(params string[] args) => await RunAsync(args, input: null);

    public async Task<Result> RunAsync(string[] args, Stream? input, bool interactive = false, IDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var output = new Capture();
        var error = new Capture();
        var code = await CliApp.RunAsync(args, Host(output, error, input, interactive, environment), cancellationToken);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>The built program (<c>AiLogger.Cli/bin/…/ailogger.dll</c>), as a user runs it.</summary>
    public static async Task<Result> RunProcessAsync(IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("AILOGGER_URL");
        start.Environment.Remove("AILOGGER_API_KEY");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    private static string ProgramPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var dll = Path.Combine(TestRuns.RealReports.Repository, "AiLogger.Cli", "bin", testBin.Parent!.Name, testBin.Name, "ailogger.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build AiLogger.Cli first", dll);
    }

    public void Dispose() => _config.Dispose();
}
