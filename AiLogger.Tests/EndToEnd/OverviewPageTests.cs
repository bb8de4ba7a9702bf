using System.Net;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class OverviewPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Overview_shows_real_figures_that_follow_ingestion_and_a_chart_of_the_last_day()
    {
        var page = await app.SignedInPageAsync();
        var failedRequests = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failedRequests.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview" }).WaitForAsync();
        await Assertions.Expect(page.GetByTestId("getting-started")).ToContainTextAsync("X-API-Key");
        await Assertions.Expect(page.GetByTestId("api-key-help")).ToContainTextAsync("AiLogger:Bootstrap:ApiKey");
        await BrowserFixture.ScreenshotAsync(page, "overview-empty");
        var before = long.Parse(await page.GetByTestId("events-today-value").InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands);

        using var client = app.CreateClient(AppFixture.AdminKey);
        var now = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, 30).Select(i => new
        {
            timestamp = now.AddMinutes(-i * 20).ToString("O"),
            level = i % 4 == 0 ? "error" : i % 3 == 0 ? "warning" : "info",
            message = $"Overview event {i}",
            component = "overview-test",
        });
        using var response = await client.PostAsync("/api/logs", System.Net.Http.Json.JsonContent.Create(records));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The page refreshes itself every few seconds.
        await Assertions.Expect(page.GetByTestId("events-today-value")).Not.ToHaveTextAsync(before.ToString("N0"), new() { Timeout = 15_000 });
        await page.Locator(".apex-chart svg").First.WaitForAsync();
        await Assertions.Expect(page.GetByTestId("errors-hour-value")).Not.ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await BrowserFixture.ScreenshotAsync(page, "overview-light");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "overview-dark");
        Assert.Empty(failedRequests);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Unknown_page_says_so_and_offers_the_way_back()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/no-such-page");
        await Assertions.Expect(page.GetByText("This page does not exist")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "not-found");
        await page.Context.CloseAsync();
    }
}
