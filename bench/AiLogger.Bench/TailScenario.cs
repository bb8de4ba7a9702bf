using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace AiLogger.Bench;

/// <summary>
/// Live tail under load: (1) ingest at a steady rate while an SSE client and a SignalR hub client listen, and
/// measure send-to-receive latency and losses; (2) ingest faster with /live open in Chromium, and measure the
/// page's main-thread long tasks and frame rate, and the server's memory.
/// </summary>
public static class TailScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = Int(args, "--rate", 2_000);
        var seconds = Int(args, "--seconds", 20);
        var browserRate = Int(args, "--browser-rate", 10_000);
        await using var server = await BenchServer.StartAsync("Normal");
        await ListenersAsync(server, rate, seconds);
        await BrowserAsync(server, browserRate, seconds);
        return 0;
    }

    private static async Task ListenersAsync(BenchServer server, int rate, int seconds)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var query = $"TailRun:{run}";
        var sse = new List<double>();
        var hub = new List<double>();
        using var stop = new CancellationTokenSource();

        using var sseClient = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        sseClient.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        using var sseResponse = await sseClient.GetAsync($"/api/logs/stream?q={Uri.EscapeDataString(query)}", HttpCompletionOption.ResponseHeadersRead);
        var sseReader = new StreamReader(await sseResponse.Content.ReadAsStreamAsync());
        var sseTask = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && await sseReader.ReadLineAsync(stop.Token) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal)) sse.Add(Latency(JsonDocument.Parse(line[6..]).RootElement));
        });

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/logs"), o => o.Headers["X-API-Key"] = BenchServer.ApiKey).Build();
        await connection.StartAsync();
        var hubTask = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in connection.StreamAsync<JsonElement>("Tail", query, stop.Token)) hub.Add(Latency(e));
            }
            catch (OperationCanceledException) { }
        });
        await Task.Delay(500);

        var sent = await IngestAtAsync(server, run, rate, seconds, "TailRun");
        await Task.Delay(2_000);
        stop.Cancel();
        await Task.WhenAll(sseTask.ContinueWith(_ => { }), hubTask.ContinueWith(_ => { }));

        var rows = new List<string[]>();
        foreach (var (name, latencies) in new[] { ("SSE /api/logs/stream", sse), ("SignalR /hubs/logs Tail", hub) })
        {
            var sorted = latencies.Order().ToList();
            rows.Add([name, sent.ToString("N0", CultureInfo.InvariantCulture), sorted.Count.ToString("N0", CultureInfo.InvariantCulture),
                (sent - sorted.Count).ToString("N0", CultureInfo.InvariantCulture),
                Percentiles.Of(sorted, 50).ToString("F1", CultureInfo.InvariantCulture), Percentiles.Of(sorted, 99).ToString("F1", CultureInfo.InvariantCulture),
                sorted.Count > 0 ? sorted[^1].ToString("F1", CultureInfo.InvariantCulture) : "-"]);
        }
        Console.WriteLine($"tail: {rate:N0} events/s for {seconds} s, batches of {rate / 20:N0} every 50 ms; latency = receive time - time the batch was sent (an upper bound of commit-to-receive)");
        Table.Print(["listener", "sent", "received", "missed", "p50 ms", "p99 ms", "max ms"], rows);
    }

    private static async Task BrowserAsync(BenchServer server, int rate, int seconds)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Console.WriteLine("  /live in a browser: skipped, Chromium is not installed (apt-get install chromium)");
            return;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync("/login");
        await page.Locator("#email").FillAsync(BenchServer.AdminEmail);
        await page.Locator("#password").FillAsync(BenchServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        var run = Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync($"/live?q=BrowserRun:{run}");
        await page.Locator("[data-interactive=true]").WaitForAsync();

        // Long tasks (main thread busy > 50 ms) and frames, counted in the page while the load runs.
        await page.EvaluateAsync("""
            () => {
              window.__long = { count: 0, total: 0, max: 0 };
              new PerformanceObserver(list => { for (const e of list.getEntries()) { window.__long.count++; window.__long.total += e.duration; window.__long.max = Math.max(window.__long.max, e.duration); } })
                .observe({ type: 'longtask', buffered: false });
              window.__frames = 0;
              const tick = () => { window.__frames++; requestAnimationFrame(tick); };
              requestAnimationFrame(tick);
            }
            """);
        var rss = new List<double>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rss.Add(server.Memory().Current);
                try { await Task.Delay(500, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        var sent = await IngestAtAsync(server, run, rate, seconds, "BrowserRun");
        var elapsed = clock.Elapsed.TotalSeconds;
        var frames = await page.EvaluateAsync<double>("() => window.__frames");
        var longTasks = await page.EvaluateAsync<JsonElement>("() => window.__long");
        // A click must still be answered promptly while events stream in.
        var click = Stopwatch.StartNew();
        await page.GetByTestId("pause").ClickAsync();
        await page.GetByTestId("live-status").Filter(new() { HasText = "Paused" }).WaitForAsync();
        var clickMs = click.Elapsed.TotalMilliseconds;
        var shown = await page.GetByTestId("live-count").InnerTextAsync();
        sampling.Cancel();
        await sampler;

        Console.WriteLine($"/live in Chromium: {rate:N0} events/s for {seconds} s ({sent:N0} sent), list capped at 10,000 rows");
        Table.Print(["frames/s", "long tasks", "long-task ms total", "longest ms", "pause click answered ms", "events counted by the page", "server RSS min–max MB"],
        [[
            (frames / elapsed).ToString("F0", CultureInfo.InvariantCulture),
            longTasks.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture),
            longTasks.GetProperty("total").GetDouble().ToString("F0", CultureInfo.InvariantCulture),
            longTasks.GetProperty("max").GetDouble().ToString("F0", CultureInfo.InvariantCulture),
            clickMs.ToString("F0", CultureInfo.InvariantCulture),
            shown,
            $"{rss.Min():F0}–{rss.Max():F0}",
        ]]);
    }

    /// <summary>Sends <paramref name="rate"/> events a second in 20 batches a second; each event carries the send time.</summary>
    private static async Task<int> IngestAtAsync(BenchServer server, string run, int rate, int seconds, string property)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        var perBatch = Math.Max(1, rate / 20);
        var sent = 0;
        var start = Stopwatch.GetTimestamp();
        for (var tick = 0; tick < seconds * 20; tick++)
        {
            var due = TimeSpan.FromMilliseconds(tick * 50) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var batch = Enumerable.Range(0, perBatch).Select(i => new Dictionary<string, object>
            {
                ["message"] = $"Tail event {sent + i} of run {run}: order {i} shipped",
                ["level"] = i % 50 == 0 ? "error" : "info",
                ["component"] = "tail-bench",
                ["details"] = new Dictionary<string, object> { [property] = run, ["SentAt"] = sentAt, ["N"] = sent + i },
            });
            using var response = await client.PostAsJsonAsync("/api/logs", batch);
            response.EnsureSuccessStatusCode();
            sent += perBatch;
        }
        return sent;
    }

    private static double Latency(JsonElement e) =>
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - e.GetProperty("properties").GetProperty("SentAt").GetInt64();

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
