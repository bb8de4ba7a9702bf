using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>Several nodes with Redis unreachable: /live and /traces say live updates from other nodes are paused, and still work.</summary>
public sealed class LiveFanOutNoticeTests(LiveFanOutNoticeTests.UnreachableRedisFixture app) : IClassFixture<LiveFanOutNoticeTests.UnreachableRedisFixture>
{
    public sealed class UnreachableRedisFixture : BrowserFixture
    {
        // A loopback port nothing listens on.
        private static readonly int Port = ServerProcess.FreePort();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{Port},connectTimeout=500",
        };
    }

    [SkippableFact]
    public async Task Live_and_trace_pages_show_the_paused_notice_in_light_and_dark()
    {
        Skip.If(app.Browser is null, app.SkipReason);
        var page = await app.SignedInPageAsync();
        foreach (var (path, name) in new[] { ("/live", "live-fanout-paused"), ("/traces", "traces-fanout-paused") })
        {
            await BrowserFixture.OpenAsync(page, path);
            await Assertions.Expect(page.GetByTestId("live-fanout-paused")).ToContainTextAsync("Live updates from other nodes are paused");
            await BrowserFixture.ScreenshotAsync(page, name + "-light");
            await page.GetByTestId("theme-toggle").ClickAsync();
            await page.WaitForTimeoutAsync(400);
            await BrowserFixture.ScreenshotAsync(page, name + "-dark");
            await page.GetByTestId("theme-toggle").ClickAsync();
        }
        await page.Context.CloseAsync();
    }
}
