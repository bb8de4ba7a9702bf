using System.Diagnostics;
using AiLogger.Tests.Support;
using AiLogger.Tests.TestRuns;

namespace AiLogger.Tests.Cli;

/// <summary>
/// The Python package's own pytest suite (<c>clients/python/tests</c>), run by Debian's pytest against this real app on
/// loopback: handler batching from threads, retries through a 503 proxy, traces, models, test pushes.
/// </summary>
public sealed class PythonClientTests(AppFixture app) : IClassFixture<AppFixture>
{
    [SkippableFact]
    public async Task The_python_package_suite_passes_against_the_real_app()
    {
        var pytest = File.Exists("/usr/bin/pytest-3");
        if (!pytest && RealReports.PytestRequired) Assert.Fail(RealReports.PytestMissing);
        Skip.IfNot(pytest, RealReports.PytestMissing);

        var package = Path.Combine(RealReports.Repository, "clients", "python");
        var start = new ProcessStartInfo("/usr/bin/pytest-3")
        {
            WorkingDirectory = package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-p", "no:cacheprovider", "-q", "-rfEs", "tests" }) start.ArgumentList.Add(argument);
        start.Environment["PYTHONPATH"] = package;
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["AILOGGER_TEST_URL"] = app.BaseAddress.ToString().TrimEnd('/');
        start.Environment["AILOGGER_TEST_API_KEY"] = AppFixture.AdminKey;
        // Every test that needs the server must run: none may skip for want of one.
        start.Environment["AILOGGER_PYTEST"] = "required";

        var (code, output) = await RealReports.RunAsync(start, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"pytest exited {code}:\n{output}");
        Assert.Matches(@"\d+ passed", output);
        Assert.DoesNotContain("skipped", output);
    }
}
