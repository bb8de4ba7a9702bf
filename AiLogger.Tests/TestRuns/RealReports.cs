using System.Diagnostics;

namespace AiLogger.Tests.TestRuns;

/// <summary>
/// Reports made by the real producers, once per test run: <c>dotnet test</c> of <c>fixtures/dotnet-report</c> with
/// the TRX and JUnit (JunitXml.TestLogger) loggers and coverlet, and <c>pytest --junitxml</c> of
/// <c>fixtures/pytest-suite</c> (Debian's python3-pytest).
/// </summary>
public static class RealReports
{
    private static readonly Lazy<Task<DotnetReports>> Dotnet = new(MakeDotnetAsync);
    private static readonly Lazy<Task<string?>> Pytest = new(MakePytestAsync);

    public sealed record DotnetReports(string Trx, string JUnit, string Cobertura);

    public static Task<DotnetReports> DotnetAsync() => Dotnet.Value;

    /// <summary>The pytest JUnit report's path, or null when pytest is not installed (the reason is in <see cref="PytestMissing"/>).</summary>
    public static Task<string?> PytestJUnitAsync() => Pytest.Value;

    public const string PytestMissing = "python3-pytest is not installed (apt-get install python3-pytest; .ci/run installs it)";

    /// <summary>CI sets AILOGGER_PYTEST=required: a missing pytest then fails instead of skipping.</summary>
    public static bool PytestRequired => Environment.GetEnvironmentVariable("AILOGGER_PYTEST") == "required";

    public static string Repository
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AiLogger.sln"))) folder = folder.Parent;
            return folder?.FullName ?? throw new InvalidOperationException("AiLogger.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static async Task<DotnetReports> MakeDotnetAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "ailogger-dotnet-report-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        var project = Path.Combine(Repository, "fixtures", "dotnet-report", "ReportFixture", "ReportFixture.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "test", project, "--logger", "trx;LogFileName=fixture.trx", "--logger", $"junit;LogFilePath={Path.Combine(output, "junit.xml")}",
                "--collect", "XPlat Code Coverage", "--results-directory", output, "--nologo",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The outer test host's variables would point the inner run at its own test platform.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        var (code, text) = await RunAsync(start, TimeSpan.FromMinutes(4));
        var trx = Path.Combine(output, "fixture.trx");
        var junit = Path.Combine(output, "junit.xml");
        var cobertura = Directory.EnumerateFiles(output, "coverage.cobertura.xml", SearchOption.AllDirectories).FirstOrDefault();
        // The fixture fails on purpose: exit code 1 with its reports written is what is expected.
        if (code is not (0 or 1) || !File.Exists(trx) || !File.Exists(junit) || cobertura is null)
            throw new InvalidOperationException($"dotnet test of the fixture exited {code} without its reports:\n{text}");
        return new DotnetReports(trx, junit, cobertura);
    }

    private static async Task<string?> MakePytestAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "ailogger-pytest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        var report = Path.Combine(output, "pytest.xml");
        // Debian's pytest-3 runs with Debian's python3, whichever python3 comes first on the PATH.
        var debian = File.Exists("/usr/bin/pytest-3");
        var start = new ProcessStartInfo(debian ? "/usr/bin/pytest-3" : "python3")
        {
            WorkingDirectory = Path.Combine(Repository, "fixtures", "pytest-suite"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!debian) start.ArgumentList.Add("-m");
        if (!debian) start.ArgumentList.Add("pytest");
        foreach (var argument in new[] { "-p", "no:cacheprovider", $"--junitxml={report}", "-o", "junit_family=xunit2", "." }) start.ArgumentList.Add(argument);
        int code;
        string text;
        try
        {
            (code, text) = await RunAsync(start, TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3
        }
        if (text.Contains("No module named pytest", StringComparison.Ordinal)) return null;
        if (code is not (0 or 1) || !File.Exists(report)) throw new InvalidOperationException($"pytest exited {code} without its report:\n{text}");
        return report;
    }

    internal static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} took longer than {timeout}.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
