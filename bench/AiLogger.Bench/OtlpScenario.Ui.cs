using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace AiLogger.Bench;

public static partial class OtlpScenario
{
    /// <summary>
    /// <c>otlp --ui</c>, the trace pages in Chromium: (1) <c>/traces/{id}</c> of a 1,000-span trace, from navigation
    /// to its first screen of waterfall rows, <c>--runs</c> times in fresh pages; (2) <c>/traces</c> open while
    /// <c>--rate</c> traces a second (8 spans each, OTLP/HTTP protobuf) arrive for <c>--seconds</c>: frames a second,
    /// long tasks, and how long a click on a trace takes to open it.
    /// </summary>
    private static async Task<int> UiAsync(int rate, int seconds, int runs)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Console.WriteLine("otlp --ui: skipped, Chromium is not installed (apt-get install chromium)");
            return 0;
        }
        await using var server = await BenchServer.StartAsync("Normal");
        var endpoint = new Uri(server.BaseAddress, "/v1/traces");
        var bigTrace = await ExportBigTraceAsync("http", endpoint, server.DatabasePath!);

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

        // (1) First screen of a 1,000-span trace: 25 waterfall rows on screen, in a new page each time (one warm-up).
        var firstScreen = new List<double>();
        var interactive = new List<double>();
        for (var i = 0; i < runs + 1; i++)
        {
            var page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync($"/traces/{bigTrace}");
            await page.Locator("[data-testid=span-row]").Nth(24).WaitForAsync(new() { Timeout = 30_000 });
            var shown = clock.Elapsed.TotalMilliseconds;
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
            if (i > 0)
            {
                firstScreen.Add(shown);
                interactive.Add(clock.Elapsed.TotalMilliseconds);
            }
            await page.CloseAsync();
        }
        firstScreen.Sort();
        interactive.Sort();
        Console.WriteLine($"/traces/{{id}} with 1,000 spans, from navigation ({runs} runs in new pages)");
        Table.Print(["", "p50", "p95", "max"],
        [
            ["25 waterfall rows on screen", $"{Percentiles.Of(firstScreen, 50):F0} ms", $"{Percentiles.Of(firstScreen, 95):F0} ms", $"{firstScreen[^1]:F0} ms"],
            ["page interactive", $"{Percentiles.Of(interactive, 50):F0} ms", $"{Percentiles.Of(interactive, 95):F0} ms", $"{interactive[^1]:F0} ms"],
        ]);

        // (2) /traces while traces arrive.
        var list = await context.NewPageAsync();
        await list.GotoAsync("/traces?range=15m");
        await list.Locator("[data-interactive=true]").WaitForAsync();
        await list.GetByTestId("trace-row").First.WaitForAsync();
        await list.EvaluateAsync("""
            () => {
              window.__long = { count: 0, total: 0, max: 0 };
              new PerformanceObserver(l => { for (const e of l.getEntries()) { window.__long.count++; window.__long.total += e.duration; window.__long.max = Math.max(window.__long.max, e.duration); } })
                .observe({ type: 'longtask', buffered: false });
              window.__frames = 0;
              const tick = () => { window.__frames++; requestAnimationFrame(tick); };
              requestAnimationFrame(tick);
            }
            """);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        var random = new Random(11);
        var tracesPerTick = Math.Max(1, rate / 20);
        var sent = 0;
        var start = Stopwatch.GetTimestamp();
        for (var tick = 0; tick < seconds * 20; tick++)
        {
            var due = TimeSpan.FromMilliseconds(tick * 50) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var body = new ByteArrayContent(Google.Protobuf.MessageExtensions.ToByteArray(RawBatch(random, tracesPerTick * SpansPerTrace, $"svc-{tick % 4}")));
            body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await client.PostAsync("/v1/traces", body);
            response.EnsureSuccessStatusCode();
            sent += tracesPerTick;
        }
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var frames = await list.EvaluateAsync<double>("() => window.__frames");
        var longTasks = await list.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__long");
        var open = Stopwatch.StartNew();
        await list.GetByTestId("trace-row").First.Locator("a.trace-link").ClickAsync();
        await list.GetByTestId("trace-title").WaitForAsync();
        var openMs = open.Elapsed.TotalMilliseconds;

        Console.WriteLine($"/traces in Chromium while {rate:N0} traces/s arrive for {seconds} s ({sent:N0} traces, {sent * SpansPerTrace:N0} spans)");
        Table.Print(["frames/s", "long tasks", "long-task ms total", "longest ms", "click to trace page ms", "server RSS MB"],
        [[
            (frames / elapsed).ToString("F0", CultureInfo.InvariantCulture),
            longTasks.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture),
            longTasks.GetProperty("total").GetDouble().ToString("F0", CultureInfo.InvariantCulture),
            longTasks.GetProperty("max").GetDouble().ToString("F0", CultureInfo.InvariantCulture),
            openMs.ToString("F0", CultureInfo.InvariantCulture),
            server.Memory().Current.ToString("F0", CultureInfo.InvariantCulture),
        ]]);
        return 0;
    }
}
