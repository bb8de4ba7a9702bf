using System.Net;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>Admins manage API keys and users in the UI.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsPagesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Admin_creates_a_key_sees_its_secret_once_uses_it_and_revokes_it()
    {
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/api-keys");
        await page.GetByTestId("create-key").ClickAsync();

        var dialog = page.GetByTestId("create-key-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("checkout-service");
        await dialog.GetByText("read: search").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add a property" }).ClickAsync();
        await dialog.GetByLabel("Property", new() { Exact = true }).FillAsync("Environment");
        await dialog.GetByLabel("Value", new() { Exact = true }).FillAsync("production");
        await BrowserFixture.ScreenshotAsync(page, "api-keys-create");
        await page.GetByTestId("create-key-submit").ClickAsync();

        var secret = await page.GetByTestId("secret-dialog").GetByRole(AriaRole.Textbox).InputValueAsync();
        Assert.StartsWith("ail_", secret);
        await BrowserFixture.ScreenshotAsync(page, "api-keys-secret");
        await page.GetByTestId("secret-done").ClickAsync();

        var row = page.GetByTestId("keys-table").Locator("tr", new() { HasText = "checkout-service" });
        await Assertions.Expect(row).ToContainTextAsync(secret[..12]);
        await Assertions.Expect(row).ToContainTextAsync("Environment = production");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "api-keys");

        using var client = app.CreateClient(secret);
        var marker = Guid.NewGuid().ToString("N");
        using (var ingest = await client.PostJsonTextAsync("/api/logs", $$$"""{"message":"from the new key","details":{"Marker":"{{{marker}}}"}}"""))
            Assert.Equal(HttpStatusCode.Created, ingest.StatusCode);
        var stored = Assert.Single(await client.SearchAllAsync($"Marker:{marker}"));
        Assert.Equal("production", stored.GetProperty("properties").GetProperty("Environment").GetString());

        await page.ReloadAsync();
        // Clicks on the prerendered page before its circuit is up would be lost.
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(row).ToContainTextAsync("1");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked");
        using (var refused = await client.GetAsync("/api/logs/search"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Admin_adds_a_user_who_signs_in_with_the_generated_password_and_then_disables_them()
    {
        var email = $"analyst-{Guid.NewGuid():N}@ailogger.test";
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/users");
        await page.GetByTestId("add-user").ClickAsync();
        var dialog = page.GetByTestId("add-user-dialog");
        await dialog.GetByLabel("E-mail").FillAsync(email);
        await dialog.GetByTestId("user-role").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Analyst" }).ClickAsync();
        await page.GetByTestId("add-user-submit").ClickAsync();

        var password = await page.GetByTestId("secret-dialog").GetByRole(AriaRole.Textbox).InputValueAsync();
        Assert.Equal(16, password.Length);
        await page.GetByTestId("secret-done").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-table")).ToContainTextAsync(email);
        await BrowserFixture.ScreenshotAsync(page, "users");

        var newcomer = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(newcomer, email, password);
        await Assertions.Expect(newcomer.GetByTestId("signed-in-user")).ToContainTextAsync("Analyst");
        await newcomer.Context.CloseAsync();

        await page.GetByTestId($"disable-{email}").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-table").Locator("tr", new() { HasText = email })).ToContainTextAsync("disabled");

        var refused = await app.NewPageAsync();
        await refused.GotoAsync("/login");
        await refused.Locator("#email").FillAsync(email);
        await refused.Locator("#password").FillAsync(password);
        await refused.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(refused.GetByTestId("login-error")).ToContainTextAsync("This account is disabled");
        await refused.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
