using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>The app with small commits (so an import shows its progress) and one watched folder.</summary>
public sealed class ImportBrowserFixture : BrowserFixture
{
    private readonly TempDirectory _watched = new();

    public string WatchedFolder => _watched.Path;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["AiLogger:Imports:LinesPerCommit"] = "200";
            settings["AiLogger:Imports:ScanSchedule"] = "0 0 1 1 *";
            settings["AiLogger:Imports:Sources:0:Name"] = "batch-jobs";
            settings["AiLogger:Imports:Sources:0:Path"] = _watched.Path;
            settings["AiLogger:Imports:Sources:0:Pattern"] = "*.log";
            settings["AiLogger:Imports:Sources:0:Format"] = "python";
            settings["AiLogger:Imports:AllowedRoots:0"] = _watched.Path;
            return settings;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _watched.Dispose();
    }
}

/// <summary>An admin uploads a log file in the UI, watches it import, and finds its events on /logs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportPageTests(ImportBrowserFixture app) : IClassFixture<ImportBrowserFixture>
{
    private const int Lines = 40_000;

    [SkippableFact]
    public async Task Admin_uploads_a_file_watches_the_progress_bar_complete_and_finds_the_events_on_the_logs_page()
    {
        var marker = "imp" + Guid.NewGuid().ToString("N")[..10];
        var file = Path.Combine(app.WatchedFolder, "..", $"{marker}.jsonl");
        await using (var writer = new StreamWriter(file))
        {
            for (var n = 1; n <= Lines; n++)
                await writer.WriteLineAsync($$"""{"timestamp":"{{DateTime.UtcNow.AddMinutes(-n / 1000.0):O}}","component":"nightly-export","message":"exported row {{n}} {{marker}}","level":"{{(n % 1000 == 0 ? "error" : "info")}}"}""");
            await writer.WriteLineAsync("this line is not JSON");
        }
        await File.WriteAllTextAsync(Path.Combine(app.WatchedFolder, "cleanup.log"),
            "2026-11-25 03:00:00,000 - jobs.cleanup - INFO - removed 12 stale sessions\n");

        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/imports");
        await Assertions.Expect(page.GetByTestId("uploads-empty")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "imports-empty");

        await page.GetByTestId("upload-zone").Locator("input[type=file]").SetInputFilesAsync(file);

        // Watch it: the browser's upload, then the import's own bar, until the row says done.
        var row = page.GetByTestId("uploads-table").Locator("tr", new() { HasText = $"{marker}.jsonl" });
        var status = row.GetByTestId("import-status");
        var sawProgress = false;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await page.GetByTestId("upload-zone").GetByText("Sending").IsVisibleAsync() || await row.GetByTestId("import-progress").IsVisibleAsync())
            {
                if (!sawProgress) await BrowserFixture.ScreenshotAsync(page, "imports-progress");
                sawProgress = true;
            }
            if (await status.CountAsync() == 1 && await status.GetAttributeAsync("data-status") == "completed") break;
            await Task.Delay(25);
        }
        Assert.True(sawProgress, "no progress bar was shown while the file was sent and imported");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(row).ToContainTextAsync("40,000");
        await BrowserFixture.ScreenshotAsync(page, "imports");

        await row.GetByTestId("show-rejected").ClickAsync();
        var dialog = page.GetByTestId("rejected-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("40,001");
        await Assertions.Expect(dialog).ToContainTextAsync("this line is not JSON");
        await BrowserFixture.ScreenshotAsync(page, "imports-rejected");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await page.GetByTestId("scan-now").ClickAsync();
        await Assertions.Expect(page.GetByTestId("files-table")).ToContainTextAsync("cleanup.log");
        await BrowserFixture.ScreenshotAsync(page, "imports-watched");

        await BrowserFixture.OpenAsync(page, $"/logs?range=24h&q={marker}");
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync("40,000 events");
        await Assertions.Expect(page.GetByTestId("event-row").First).ToContainTextAsync(marker);
        await BrowserFixture.OpenAsync(page, $"/logs?range=24h&q={Uri.EscapeDataString($"level:error {marker}")}");
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync("40 events");
        await page.Context.CloseAsync();
        File.Delete(file);
    }
}
