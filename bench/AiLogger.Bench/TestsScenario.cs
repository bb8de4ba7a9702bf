using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace AiLogger.Bench;

/// <summary>
/// Test results (issue 17): a 20,000-case JUnit report pushed end to end (parse, store, answer), the run's detail read
/// back, and one case's history over a thousand runs, on the real app in its own process.
/// </summary>
public static class TestsScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cases = BenchArguments.Option(args, "--cases", 20_000);
        var history = BenchArguments.Option(args, "--history", 1_000);
        var runs = BenchArguments.Option(args, "--runs", 40);
        var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? "sqlite";

        var big = JUnit(cases, seed: 1);
        var small = Enumerable.Range(0, 3).Select(i => JUnit(50, seed: 100 + i)).ToArray();
        Console.WriteLine($"tests: a {cases:N0}-case JUnit report ({big.Length / 1048576.0:F1} MB, 5 % failing), then {history:N0} runs of 50 cases; {provider}");

        await using var server = await BenchServer.StartAsync("Normal", postgres: provider == "postgres" ? BenchPostgres.Create() : null);
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        var rows = new List<string[]>();

        // A warm-up push of another project, so the first measured push is not also the first of the process.
        await PushAsync(client, "warmup", JUnit(500, seed: 9), "w0");
        var pushes = new List<double>();
        var firstReads = new List<double>();
        long runId = 0;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var pushed = await PushAsync(client, "big", i == 0 ? big : JUnit(cases, seed: 1 + i), $"b{i}");
            pushes.Add(clock.Elapsed.TotalMilliseconds);
            runId = pushed.GetProperty("runId").GetInt64();
            // The first read of a run, before anything of it is cached.
            clock.Restart();
            await GetAsync(client, $"/api/tests/runs/{runId}");
            firstReads.Add(clock.Elapsed.TotalMilliseconds);
        }
        Phase(server, $"after 5 pushes of {cases:N0} cases");
        var sortedPushes = pushes.Order().ToList();
        rows.Add([$"POST /api/tests/runs, {cases:N0} cases (5 pushes)", cases.ToString("N0", CultureInfo.InvariantCulture),
            string.Join(" / ", pushes.Select(ms => (ms / 1000).ToString("F2", CultureInfo.InvariantCulture))),
            (cases / (sortedPushes[2] / 1000)).ToString("N0", CultureInfo.InvariantCulture),
            sortedPushes[2].ToString("F0", CultureInfo.InvariantCulture), sortedPushes[^1].ToString("F0", CultureInfo.InvariantCulture)]);
        firstReads.Sort();
        rows.Add([$"GET /api/tests/runs/{{id}}, {cases:N0} cases, first read after the push", "5 runs", "", "",
            Percentiles.Of(firstReads, 50).ToString("F1", CultureInfo.InvariantCulture), firstReads[^1].ToString("F1", CultureInfo.InvariantCulture)]);
        // What someone who follows the link in the CI log a few seconds later sees: the run analysed after its push.
        var later = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var pushed = await PushAsync(client, "big", JUnit(cases, seed: 50 + i), $"l{i}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var clock = Stopwatch.StartNew();
            await GetAsync(client, $"/api/tests/runs/{pushed.GetProperty("runId").GetInt64()}");
            later.Add(clock.Elapsed.TotalMilliseconds);
        }
        later.Sort();
        rows.Add([$"GET /api/tests/runs/{{id}}, {cases:N0} cases, 2 s after the push", "5 runs", "", "",
            Percentiles.Of(later, 50).ToString("F1", CultureInfo.InvariantCulture), later[^1].ToString("F1", CultureInfo.InvariantCulture)]);
        rows.Add(await TimeAsync(client, $"GET /api/tests/runs/{{id}}, {cases:N0} cases, again", $"/api/tests/runs/{runId}", runs));
        rows.AddRange(await PageAsync(server, runId, cases, Math.Min(runs, 20)));

        var clockHistory = Stopwatch.StartNew();
        for (var i = 0; i < history; i++) await PushAsync(client, "history", small[i % 3], $"h{i}");
        var historySeconds = clockHistory.Elapsed.TotalSeconds;
        rows.Add([$"{history:N0} pushes of 50 cases, one after another", (history * 50).ToString("N0", CultureInfo.InvariantCulture),
            historySeconds.ToString("F1", CultureInfo.InvariantCulture), (history / historySeconds).ToString("N0", CultureInfo.InvariantCulture) + " runs/s", "", ""]);
        var last = await GetAsync(client, "/api/tests/runs?project=history&limit=1");
        var lastRun = last.EnumerateArray().First().GetProperty("id").GetInt64();
        var detail = await GetAsync(client, $"/api/tests/runs/{lastRun}");
        var caseId = detail.GetProperty("cases").EnumerateArray().First().GetProperty("caseId").GetInt64();
        rows.Add(await TimeAsync(client, $"GET /api/tests/cases/{{id}}, {history:N0} runs of history", $"/api/tests/cases/{caseId}?limit={history}", runs));
        rows.Add(await TimeAsync(client, "GET /api/tests/flaky (window of 30 runs)", "/api/tests/flaky?project=history", runs));
        rows.Add(await TimeAsync(client, "GET /api/tests/projects", "/api/tests/projects", runs));
        Phase(server, "at the end");

        Table.Print(["step", "items", "seconds", "rate", "p50 ms", "p95 ms"], rows);
        return 0;
    }

    /// <summary>
    /// The run's page in Chromium, from navigation to its failure groups on screen and to the page being interactive,
    /// in a new page each time (one warm-up). Skipped without Chromium.
    /// </summary>
    private static async Task<List<string[]>> PageAsync(BenchServer server, long runId, int cases, int runs)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Console.WriteLine("  /tests/runs/{id} in a browser: skipped, Chromium is not installed (apt-get install chromium)");
            return [];
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var login = await context.NewPageAsync();
        await login.GotoAsync("/login");
        await login.Locator("#email").FillAsync(BenchServer.AdminEmail);
        await login.Locator("#password").FillAsync(BenchServer.AdminPassword);
        await login.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await login.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        var shown = new List<double>();
        var interactive = new List<double>();
        for (var i = 0; i < runs + 1; i++)
        {
            var page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync($"/tests/runs/{runId}");
            await page.Locator("[data-testid=failure-group]").First.WaitForAsync(new() { Timeout = 30_000 });
            var first = clock.Elapsed.TotalMilliseconds;
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
            if (i > 0)
            {
                shown.Add(first);
                interactive.Add(clock.Elapsed.TotalMilliseconds);
            }
            await page.CloseAsync();
        }
        shown.Sort();
        interactive.Sort();
        return
        [
            [$"/tests/runs/{{id}} page, {cases:N0} cases: failure groups on screen", $"{runs} runs", "", "", $"{Percentiles.Of(shown, 50):F1}", $"{Percentiles.Of(shown, 95):F1}"],
            [$"/tests/runs/{{id}} page, {cases:N0} cases: interactive", $"{runs} runs", "", "", $"{Percentiles.Of(interactive, 50):F1}", $"{Percentiles.Of(interactive, 95):F1}"],
        ];
    }

    /// <summary>A JUnit report of <paramref name="cases"/> cases in 100-case classes; 5 % fail with one of a few messages.</summary>
    private static byte[] JUnit(int cases, int seed)
    {
        var random = new Random(seed);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (var start = 0; start < cases; start += 100)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<testsuite name=\"Suite{start / 1000}\">\n");
            for (var i = start; i < Math.Min(cases, start + 100); i++)
            {
                var time = (random.NextDouble() * 0.2).ToString("F4", CultureInfo.InvariantCulture);
                xml.Append(CultureInfo.InvariantCulture, $"  <testcase classname=\"App.Module{i / 1000}.Class{i / 100}\" name=\"test_{i}\" time=\"{time}\"");
                if (random.NextDouble() < 0.05)
                    xml.Append(CultureInfo.InvariantCulture,
                        $"><failure message=\"Connection to 10.0.{random.Next(255)}.{random.Next(255)}:5432 refused after {random.Next(5000)} ms\" type=\"IOException\">at App.Db.Open() in /src/Db.cs:line 40\n   at App.Module{i / 1000}.Class{i / 100}.test_{i}()</failure><system-out>attempt {i}</system-out></testcase>\n");
                else xml.Append("/>\n");
            }
            xml.Append("</testsuite>\n");
        }
        return Encoding.UTF8.GetBytes(xml.Append("</testsuites>\n").ToString());
    }

    private static async Task<JsonElement> PushAsync(HttpClient client, string project, byte[] report, string build)
    {
        var content = new ByteArrayContent(report);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await client.PostAsync($"/api/tests/runs?project={project}&branch=main&commit={build}&buildId={build}", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"push answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task<string[]> TimeAsync(HttpClient client, string step, string url, int runs)
    {
        var timings = await BenchHttp.TimeGetAsync(client, url, runs);
        return [step, $"{runs} runs", "", "", Percentiles.Of(timings, 50).ToString("F1", CultureInfo.InvariantCulture), Percentiles.Of(timings, 95).ToString("F1", CultureInfo.InvariantCulture)];
    }

    private static void Phase(BenchServer server, string phase)
    {
        var (anonymous, mapped) = server.MemoryBreakdown();
        Console.WriteLine($"  server memory {phase}: {anonymous:F0} MB anonymous + {mapped:F0} MB mapped files");
    }
}
