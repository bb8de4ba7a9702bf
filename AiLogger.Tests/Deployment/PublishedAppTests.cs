using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Deployment;

/// <summary>
/// The single-file executable that <c>dotnet publish -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true</c>
/// produces, started as docs/deployment.md says: from its data folder (an unrelated working folder), without the SDK on
/// the PATH. <c>.ci/run</c> publishes it and names it in <c>AILOGGER_PUBLISHED_APP</c>.
/// </summary>
public sealed class PublishedAppTests
{
    private const string Key = "published-key-0123456789abcdef";
    private const string Email = "ops@ailogger.test";
    private const string Password = "published-password-1";

    [SkippableFact]
    public async Task The_published_executable_serves_its_assets_signs_in_ingests_and_searches_from_any_working_folder()
    {
        var executable = Environment.GetEnvironmentVariable("AILOGGER_PUBLISHED_APP");
        if (string.IsNullOrEmpty(executable))
        {
            const string reason = "AILOGGER_PUBLISHED_APP is not set: .ci/run publishes the single-file app and sets it.";
            if (Environment.GetEnvironmentVariable("AILOGGER_E2E") == "required") throw new InvalidOperationException(reason);
            Skip.If(true, reason);
        }
        using var data = new TempDirectory();
        var port = FreePort();
        var start = new ProcessStartInfo(executable!) { WorkingDirectory = data.Path, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Nothing of the SDK: no dotnet on the PATH, no DOTNET_ROOT.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = data.Path;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["AiLogger__Bootstrap__ApiKey"] = Key;
        start.Environment["AiLogger__Otlp__GrpcPort"] = "0";
        start.Environment["AiLogger__Bootstrap__AdminEmail"] = Email;
        start.Environment["AiLogger__Bootstrap__AdminPassword"] = Password;
        using var process = Process.Start(start)!;
        var output = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await WaitForHealthAsync(client, process, output);

            var css = await client.GetStringAsync("/app.css");
            Assert.Contains(".mono", css);
            Assert.True((await client.GetByteArrayAsync("/_framework/blazor.web.js")).Length > 10_000);
            Assert.True((await client.GetByteArrayAsync("/_content/MudBlazor/MudBlazor.min.css")).Length > 10_000);
            Assert.True(File.Exists(Path.Combine(data.Path, "ailogger.db")), "the database belongs in the working folder it was started from");

            using var session = await CookieSession.SignInAsync(baseAddress, Email, Password);
            Assert.Contains("Logs", await session.Client.GetStringAsync("/logs"));

            var marker = Guid.NewGuid().ToString("N");
            client.DefaultRequestHeaders.Add("X-API-Key", Key);
            using (var ingest = await client.PostJsonTextAsync("/api/logs", $$"""{"message":"published smoke {{marker}}","level":"warning","component":"smoke"}"""))
                Assert.Equal(HttpStatusCode.Created, ingest.StatusCode);
            var found = await session.Client.SearchAllAsync(marker);
            Assert.Equal("published smoke " + marker, Assert.Single(found).GetProperty("message").GetString());
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process process, List<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The published app exited with {process.ExitCode}: {string.Join("\n", output)}");
            try
            {
                using var health = await client.GetAsync("/healthz");
                if (health.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The published app did not answer /healthz within 60 s: " + string.Join("\n", output));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
