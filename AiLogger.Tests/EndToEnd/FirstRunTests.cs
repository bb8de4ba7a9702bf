using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>A fresh install without a configured admin.</summary>
public sealed class NoAdminFixture : BrowserFixture
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings.Remove("AiLogger:Bootstrap:AdminEmail");
            settings.Remove("AiLogger:Bootstrap:AdminPassword");
            return settings;
        }
    }
}

[Collection(BrowserCollection.Name)]
public sealed class FirstRunTests(NoAdminFixture app) : IClassFixture<NoAdminFixture>
{
    [SkippableFact]
    public async Task First_admin_is_created_on_setup_from_this_machine_and_setup_then_closes()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/login");
        await Assertions.Expect(page.GetByTestId("setup-hint")).ToContainTextAsync("/setup");

        // The link AI-Logger prints on its console, token included.
        var token = app.Services.GetRequiredService<AiLogger.Web.Security.SetupToken>().Value;
        await page.GotoAsync("/setup?token=" + token);
        await Assertions.Expect(page.Locator("#token")).ToHaveValueAsync(token);
        await page.Locator("#email").FillAsync("first@ailogger.test");
        await page.Locator("#password").FillAsync("short");
        await page.Locator("#confirm").FillAsync("different");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Use at least 10 characters.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The two passwords differ.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "setup");

        await page.Locator("#password").FillAsync("first-admin-password");
        await page.Locator("#confirm").FillAsync("first-admin-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/setup", StringComparison.Ordinal));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("first@ailogger.test · Admin");

        var again = await app.NewPageAsync();
        await again.GotoAsync("/setup");
        await Assertions.Expect(again.GetByTestId("setup-done")).ToBeVisibleAsync();
        await again.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
