using AiLogger.Tests.Support;
using AiLogger.Tests.Traces;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>
/// An operator hunts a slow checkout: the real OpenTelemetry exporter sends two 506-span traces over four services,
/// the operator filters /traces, opens the slow one, collapses a subtree, finds and opens the LLM call, reads its
/// messages, follows a log line to /logs and back, and compares the slow trace with the fast one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TracePagesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const int Items = 250; // 2 spans each, plus 6: 506 spans

    [SkippableFact]
    public async Task Operator_finds_the_slow_trace_reads_its_waterfall_llm_call_and_logs_and_compares_it()
    {
        var page = await app.SignedInPageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var web = $"web-{suffix}";
        string slow, fast, llmSpan;
        using (var sample = new SampleTraces(app.BaseAddress, AppFixture.AdminKey, suffix))
        {
            (slow, llmSpan, _) = await sample.SendCheckoutAsync(Items, slow: true, TimeSpan.FromMinutes(3));
            (fast, _, _) = await sample.SendCheckoutAsync(Items, slow: false, TimeSpan.FromMinutes(2), fail: false);
            sample.Flush();
        }
        await WaitForSpansAsync(slow, 506);
        await WaitForSpansAsync(fast, 506);
        var xss = new List<string>();
        page.Dialog += (_, dialog) => xss.Add(dialog.Message);

        // The list: both traces, the scatter chart, the service facet; the filter keeps the slow one.
        await BrowserFixture.OpenAsync(page, $"/traces?q=service:{web}");
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("trace-chart").Locator(".apexcharts-canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("facets-service")).ToContainTextAsync($"checkout-{suffix}");
        await BrowserFixture.ScreenshotAsync(page, "traces-light");

        var box = page.GetByTestId("query-input");
        await box.FillAsync($"service:{web} duration>1s");
        await box.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("duration%3E1s"));
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(1);
        var row = page.GetByTestId("trace-row").First;
        await Assertions.Expect(row).ToHaveAttributeAsync("data-trace", slow);
        await Assertions.Expect(row).ToContainTextAsync("POST /checkout");
        await Assertions.Expect(row).ToContainTextAsync("506");

        // The trace: header, waterfall, critical path.
        await row.Locator("a.trace-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/traces/{slow}"));
        await Assertions.Expect(page.GetByTestId("trace-spans")).ToHaveTextAsync("506");
        await Assertions.Expect(page.GetByTestId("trace-errors")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("trace-title")).ToContainTextAsync("POST /checkout");
        var rows = page.GetByTestId("waterfall-rows");
        await Assertions.Expect(rows.Locator("[data-testid=span-row][data-critical=true]").First).ToBeVisibleAsync();
        await Assertions.Expect(rows.Locator("[data-testid=span-row]", new() { HasText = "GetStock" }).First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "trace-waterfall-light");

        // Collapse the handler's subtree: its 500 inventory spans go, the row says how many it hides.
        var handler = rows.Locator("[data-testid=span-row]", new() { HasText = "PlaceOrder" });
        await handler.GetByTestId("span-toggle").ClickAsync();
        await Assertions.Expect(rows.Locator("[data-testid=span-row]", new() { HasText = "GetStock" })).ToHaveCountAsync(0);
        await Assertions.Expect(handler).ToContainTextAsync("+504");
        await Assertions.Expect(rows.GetByTestId("span-row")).ToHaveCountAsync(2);
        await handler.GetByTestId("span-toggle").ClickAsync();
        await Assertions.Expect(rows.Locator("[data-testid=span-row]", new() { HasText = "GetStock" }).First).ToBeVisibleAsync();

        // Find and hide: only the LLM call stays; its row carries the model and tokens.
        await page.GetByTestId("find-input").FillAsync("gen_ai.request.model:gpt-4o");
        await Assertions.Expect(page.GetByTestId("find-count")).ToHaveTextAsync("1 match");
        await Input(page, "find-hide").CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("hide=1"));
        await Assertions.Expect(rows.GetByTestId("span-row")).ToHaveCountAsync(1);
        var llm = rows.GetByTestId("span-row").First;
        await Assertions.Expect(llm).ToHaveAttributeAsync("data-span", llmSpan);
        await Assertions.Expect(llm.GetByTestId("llm-badge")).ToContainTextAsync("1,500 tok");
        await Assertions.Expect(llm.GetByTestId("llm-badge")).ToContainTextAsync("gpt-4o-2024-08-06");

        // The LLM span's side panel: its attributes as text, its log line.
        await llm.ClickAsync();
        var details = page.GetByTestId("span-details");
        await Assertions.Expect(details.GetByTestId("span-title")).ToContainTextAsync("chat gpt-4o");
        await Assertions.Expect(details.GetByTestId("span-attributes")).ToContainTextAsync("gpt-4o-2024-08-06");
        await Assertions.Expect(details.GetByTestId("span-attributes")).ToContainTextAsync("<script>");
        // The conversation: system instructions, the user's message as text (markup and all), the answer, the cost.
        var conversation = details.GetByTestId("llm-conversation");
        await Assertions.Expect(conversation.GetByTestId("llm-model")).ToContainTextAsync("gpt-4o-2024-08-06");
        await Assertions.Expect(conversation.GetByTestId("llm-system-instructions")).ToContainTextAsync("You recommend products");
        var messages = conversation.GetByTestId("llm-message");
        await Assertions.Expect(messages.Filter(new() { HasText = "What goes with a garden chair?" })).ToContainTextAsync("<img src=x onerror=");
        await Assertions.Expect(messages.Filter(new() { HasText = "A teak side table" })).ToContainTextAsync("assistant");
        await Assertions.Expect(conversation.GetByTestId("llm-input-tokens")).ToContainTextAsync("1,200");
        await Assertions.Expect(conversation.GetByTestId("llm-cost")).ToContainTextAsync("$");
        await Assertions.Expect(page.GetByTestId("trace-cost")).ToContainTextAsync("$");
        await details.GetByTestId("llm-conversation").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "trace-llm-light");

        var log = details.GetByTestId("span-log").First;
        await Assertions.Expect(log).ToContainTextAsync("Prompt sent to gpt-4o");
        await log.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/logs\\?q=span%3A{llmSpan}"));
        await Assertions.Expect(page.GetByTestId("event-message")).ToHaveTextAsync("Prompt sent to gpt-4o");
        await page.GetByTestId("open-trace").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/traces/{slow}\\?span={llmSpan}"));
        await Assertions.Expect(page.GetByTestId("span-details").GetByTestId("span-title")).ToContainTextAsync("chat gpt-4o");
        await page.GetByTestId("close-span").ClickAsync();

        // The other views.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Spans" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tab=spans"));
        await Assertions.Expect(page.GetByTestId("span-table")).ToContainTextAsync("POST /checkout");
        await BrowserFixture.ScreenshotAsync(page, "trace-spans-light");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Statistics" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("statistics-table")).ToContainTextAsync("GetStock");
        await Assertions.Expect(page.GetByTestId("statistics-table").Locator("tr", new() { HasText = "GetStock" })).ToContainTextAsync("250");
        await BrowserFixture.ScreenshotAsync(page, "trace-statistics-light");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs (3)" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("trace-log")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(page, "trace-logs-light");
        await page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("trace-json")).ToContainTextAsync("resourceSpans");
        await BrowserFixture.ScreenshotAsync(page, "trace-json-light");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Waterfall" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("waterfall-rows").Locator("[data-testid=span-row][data-depth='0']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "trace-waterfall-dark");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Statistics" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "trace-statistics-dark");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Spans" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("span-table")).ToContainTextAsync("POST /checkout");
        await BrowserFixture.ScreenshotAsync(page, "trace-spans-dark");
        await BrowserFixture.OpenAsync(page, $"/traces/{slow}?span={llmSpan}&find=has:gen_ai&hide=1");
        await Assertions.Expect(page.GetByTestId("span-details").GetByTestId("llm-conversation")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("waterfall-rows").GetByTestId("span-row")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "trace-llm-dark");
        await BrowserFixture.OpenAsync(page, $"/traces?q=service:{web}");
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "traces-dark");

        // Tick both and compare.
        await Input(page, "trace-tick").Nth(0).CheckAsync();
        await Input(page, "trace-tick").Nth(1).CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sel="));
        await page.GetByTestId("compare-button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/traces/compare\\?a={fast}&b={slow}"));
        var tree = page.GetByTestId("compare-tree");
        await Assertions.Expect(tree.GetByTestId("diff-row").First).ToContainTextAsync("POST /checkout");
        // B (slow) took three times as long: every difference is positive.
        await Assertions.Expect(tree.GetByTestId("diff-row").First.GetByTestId("diff-difference")).ToContainTextAsync("+1.5");
        await Assertions.Expect(tree.Locator("[data-testid=diff-row]", new() { HasText = "GetStock" })).ToContainTextAsync("250");
        await BrowserFixture.ScreenshotAsync(page, "trace-compare-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await BrowserFixture.ScreenshotAsync(page, "trace-compare-light");

        // LLM usage: the call of each trace, by model.
        await BrowserFixture.OpenAsync(page, $"/traces/llm?service=recommender-{suffix}");
        await Assertions.Expect(page.GetByTestId("llm-models")).ToContainTextAsync("gpt-4o-2024-08-06");
        await BrowserFixture.ScreenshotAsync(page, "llm-usage-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await BrowserFixture.ScreenshotAsync(page, "llm-usage-dark");

        Assert.Empty(xss);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));

        // A small checkout for the README's picture of the waterfall.
        string small;
        using (var sample = new SampleTraces(app.BaseAddress, AppFixture.AdminKey, suffix + "s"))
        {
            (small, _, _) = await sample.SendCheckoutAsync(4, slow: false, TimeSpan.FromMinutes(1));
            sample.Flush();
        }
        await WaitForSpansAsync(small, 14);
        await page.GetByTestId("theme-toggle").ClickAsync(); // back to light
        await BrowserFixture.OpenAsync(page, $"/traces/{small}");
        await Assertions.Expect(page.GetByTestId("waterfall-rows").GetByTestId("span-row")).ToHaveCountAsync(14);
        await BrowserFixture.ScreenshotAsync(page, "trace-waterfall-small-light");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task New_traces_appear_on_the_open_list_and_pause_stops_them()
    {
        var page = await app.SignedInPageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var sample = new SampleTraces(app.BaseAddress, AppFixture.AdminKey, suffix);
        await sample.SendCheckoutAsync(2, slow: false, TimeSpan.FromSeconds(30));
        sample.Flush();
        await BrowserFixture.OpenAsync(page, $"/traces?q=service:web-{suffix}&range=15m");
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        // No reload: the page re-reads its newest page when spans are committed.
        var (second, _, _) = await sample.SendCheckoutAsync(2, slow: false, TimeSpan.FromSeconds(5));
        sample.Flush();
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("trace-row").First).ToHaveAttributeAsync("data-trace", second);

        await Input(page, "live-switch").UncheckAsync();
        await sample.SendCheckoutAsync(2, slow: false, TimeSpan.FromSeconds(1));
        sample.Flush();
        await page.WaitForTimeoutAsync(2_000);
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(2);
        await Input(page, "live-switch").CheckAsync();
        await Assertions.Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task A_trace_known_only_from_logs_with_span_ids_opens_as_a_tree()
    {
        var page = await app.SignedInPageAsync();
        var traceId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        object Record(int ms, string span, string? parent, string level, string message) => new Dictionary<string, object?>
        {
            ["timestamp"] = now.AddMilliseconds(ms).ToString("O"), ["level"] = level, ["message"] = message, ["component"] = "summarizer",
            ["trace_id"] = traceId, ["span_id"] = span, ["parent_span_id"] = parent,
        };
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsync("/api/logs", System.Net.Http.Json.JsonContent.Create(new[]
        {
            Record(0, "1111111111111111", null, "information", "Summarize video 42"),
            Record(20, "2222222222222222", "1111111111111111", "information", "Transcribe audio"),
            Record(900, "2222222222222222", "1111111111111111", "error", "Transcription timed out"),
            Record(950, "1111111111111111", null, "information", "Summary done"),
        }));
        response.EnsureSuccessStatusCode();

        await BrowserFixture.OpenAsync(page, $"/traces/{traceId}");
        await Assertions.Expect(page.GetByTestId("from-logs")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var rows = page.GetByTestId("waterfall-rows").GetByTestId("span-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-depth", "1");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Transcribe audio");
        await Assertions.Expect(rows.Nth(1).GetByTestId("error-marker")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("trace-errors")).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }

    /// <summary>The input of a MudBlazor switch or checkbox, wherever the component put the test id.</summary>
    private static ILocator Input(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]");

    private async Task WaitForSpansAsync(string traceId, int spans)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync($"/api/traces/{traceId}");
            if (response.IsSuccessStatusCode && (await response.ReadJsonAsync()).GetProperty("spans").GetArrayLength() >= spans) return;
            Assert.True(DateTime.UtcNow < deadline, $"trace {traceId} did not arrive with {spans} spans");
            await Task.Delay(200);
        }
    }
}
