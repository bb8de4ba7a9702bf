using System.Diagnostics;
using System.Net.Http.Json;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class LiveTailTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private async Task IngestAsync(string run, int from, int count, string? message = null)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var records = Enumerable.Range(from, count).Select(i => new Dictionary<string, object>
        {
            ["message"] = message ?? $"live event {i} of {run}",
            ["level"] = i % 5 == 0 ? "error" : "info",
            ["component"] = "live-test",
            ["details"] = new Dictionary<string, object> { ["Run"] = run, ["N"] = i, ["html"] = "<img src=x onerror=\"window.__pwned=3\">" },
        });
        using var response = await client.PostAsJsonAsync("/api/logs", records);
        response.EnsureSuccessStatusCode();
    }

    [SkippableFact]
    public async Task New_events_appear_within_a_second_and_pause_holds_them_until_resume()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, $"/live?q=Run:{run}");
        await Assertions.Expect(page.GetByTestId("live-empty")).ToBeVisibleAsync();
        var rows = page.GetByTestId("live-row");

        var clock = Stopwatch.StartNew();
        await IngestAsync(run, 0, 5);
        await Assertions.Expect(rows).ToHaveCountAsync(5, new() { Timeout = 1_000 });
        var seenAfter = clock.Elapsed;
        Assert.True(seenAfter < TimeSpan.FromSeconds(1.5), $"events showed after {seenAfter}");
        await Assertions.Expect(page.GetByTestId("live-count")).ToHaveTextAsync("5");
        await Assertions.Expect(page.GetByTestId("live-errors")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "live");

        await page.GetByTestId("pause").ClickAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("Paused");
        await IngestAsync(run, 5, 10);
        await Assertions.Expect(page.GetByTestId("live-count")).ToHaveTextAsync("15");
        await page.WaitForTimeoutAsync(500);
        await Assertions.Expect(rows).ToHaveCountAsync(5);

        await page.GetByTestId("pause").ClickAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("Live");
        await Assertions.Expect(rows).ToHaveCountAsync(15);
        var texts = await rows.Locator(".event-text").AllInnerTextsAsync();
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"live event {i} of {run}"), texts);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Script_in_a_live_message_or_property_is_text_and_never_runs()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, $"/live?q=Run:{run}");

        await IngestAsync(run, 0, 1, $"<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> {run}");
        var row = page.GetByTestId("live-row").First;
        await Assertions.Expect(row).ToContainTextAsync("<script>window.__pwned=1</script>");
        await row.ClickAsync();
        await Assertions.Expect(page.GetByTestId("event-details")).ToContainTextAsync("onerror=\"window.__pwned=3\"");

        Assert.Null(await page.EvaluateAsync<int?>("window.__pwned"));
        Assert.Equal(0, await page.Locator("[data-testid=live-list] img, [data-testid=event-details] img").CountAsync());
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Level_quick_filter_is_applied_on_the_server_and_kept_in_the_url()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, $"/live?q=Run:{run}&level=Error");
        var badge = page.GetByTestId("error-badge").Locator(".mud-badge");
        var before = await badge.CountAsync() == 0 ? 0 : int.Parse((await badge.InnerTextAsync()).Trim());

        await IngestAsync(run, 0, 10);

        await Assertions.Expect(page.GetByTestId("live-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("live-count")).ToHaveTextAsync("2");
        // The header badge counts the two new errors too (other tests' errors may already be in it).
        await Assertions.Expect(badge).ToHaveTextAsync((before + 2).ToString());
        await page.Context.CloseAsync();
    }
}
