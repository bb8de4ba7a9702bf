using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>What people see of the hardening: the sign-in form slowing a guesser down, the users list, both themes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityPagesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Repeated_wrong_passwords_show_how_long_to_wait_and_the_users_page_reads_in_both_themes()
    {
        var guesser = await app.NewPageAsync();
        // Past the free attempts each failure doubles the wait (1 s, 2 s, 4 s…); on a loaded machine one page load can
        // outlast the first waits, so guess until the wait is longer than a guess takes (at most a few more).
        for (var attempt = 0; attempt < 12; attempt++)
        {
            await guesser.GotoAsync("/login");
            await guesser.Locator("#email").FillAsync(AppFixture.AdminEmail);
            await guesser.Locator("#password").FillAsync("not-the-password-" + attempt);
            await guesser.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(guesser.GetByTestId("login-error")).ToBeVisibleAsync();
            if (attempt >= 6 && (await guesser.GetByTestId("login-error").InnerTextAsync()).Contains("Too many failed attempts", StringComparison.Ordinal)) break;
        }
        await Assertions.Expect(guesser.GetByTestId("login-error")).ToContainTextAsync("Too many failed attempts from your address: wait");
        await BrowserFixture.ScreenshotAsync(guesser, "login-throttled");
        await guesser.Context.CloseAsync();

        // The owner, from another browser on the same machine, is slowed down too (same address)…
        // …but only for this account and address: another account signs in at once.
        var page = await app.NewPageAsync();
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using (await admin.PostJsonTextAsync("/api/users", """{"email":"second-admin@ailogger.test","password":"second-admin-pass","roles":["Admin"]}""")) { }
        await BrowserFixture.SignInAsync(page, "second-admin@ailogger.test", "second-admin-pass");
        await BrowserFixture.OpenAsync(page, "/settings/users");
        await Assertions.Expect(page.GetByText("second-admin@ailogger.test").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "users");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(400);
        await BrowserFixture.ScreenshotAsync(page, "users-dark");
        await BrowserFixture.OpenAsync(page, "/logs");
        await BrowserFixture.ScreenshotAsync(page, "logs-dark");
        await page.Context.CloseAsync();
    }
}
