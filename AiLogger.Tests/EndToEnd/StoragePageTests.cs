using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>An admin reads the store's size, sets a retention rule with a preview of what it deletes, and takes a backup.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StoragePageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Admin_previews_and_saves_a_retention_rule_and_takes_a_backup()
    {
        Skip.If(app.Browser is null, app.SkipReason);
        using var client = app.CreateClient(AppFixture.AdminKey);
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 40).Select(i => new
        {
            timestamp = now.AddDays(-(i % 10)).AddMinutes(-i),
            level = i % 2 == 0 ? "debug" : "information",
            message = $"storage page event {i}",
            component = i % 4 == 0 ? "health-check" : "checkout",
        });
        using (var ingest = await client.PostJsonTextAsync("/api/logs", JsonSerializer.Serialize(events))) ingest.EnsureSuccessStatusCode();

        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/storage");
        await Assertions.Expect(page.GetByTestId("kinds-table")).ToContainTextAsync("Log events");
        await Assertions.Expect(page.GetByTestId("stat-used-value")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByTestId("retention-origin")).ToContainTextAsync("From configuration");
        await Assertions.Expect(page.GetByTestId("no-backups")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "storage");

        // Debug events kept 3 days: the preview counts the older ones before anything is deleted.
        await page.GetByTestId("add-rule").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-0")).ToBeVisibleAsync();
        await page.GetByTestId("preview-button").ClickAsync();
        // 20 debug events, 4 each at 0, 2, 4, 6 and 8 days old: those 4, 6 and 8 days old go.
        await Assertions.Expect(page.GetByTestId("preview")).ToContainTextAsync("12 events: Debug older than 3 days");

        await page.GetByTestId("save-retention").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("retention-origin")).ToContainTextAsync("Set by admin@ailogger.test");
        using (var saved = await client.GetAsync("/api/admin/storage"))
        {
            var retention = (await saved.ReadJsonAsync()).GetProperty("retention");
            Assert.Equal("Debug", retention.GetProperty("rules")[0].GetProperty("levels")[0].GetString());
            Assert.Equal(3, retention.GetProperty("rules")[0].GetProperty("days").GetInt32());
        }

        await page.GetByTestId("back-up").ClickAsync();
        await Assertions.Expect(page.GetByTestId("backups-table")).ToContainTextAsync("ailogger-");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "storage-saved");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(400);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "storage-dark");
        await page.Context.CloseAsync();
    }
}
