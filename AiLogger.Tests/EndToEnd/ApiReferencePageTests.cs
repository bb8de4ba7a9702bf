using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>The API reference renders in Chromium from AI-Logger's own files, under its CSP, for a signed-in user.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferencePageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task A_signed_in_user_browses_the_api_reference_without_csp_violations()
    {
        var page = await app.SignedInPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };

        await page.GotoAsync("/api/docs/");

        await Assertions.Expect(page.GetByText("AI-Logger API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The operations are grouped by feature in the sidebar, from the document's tags.
        foreach (var tag in new[] { "Logs", "Model monitoring", "Alerts", "Storage", "API keys" })
            await Assertions.Expect(page.GetByText(tag, new() { Exact = true }).First).ToBeAttachedAsync();
        await page.WaitForTimeoutAsync(500);
        // The page is very long: the first screen is what a person sees.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "api-docs.png") });
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }
}
