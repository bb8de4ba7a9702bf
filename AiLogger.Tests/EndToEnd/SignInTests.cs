using System.Net;
using System.Net.Http.Json;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>Who may open what, in a real browser (DESIGN §7).</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string OperatorEmail = "operator@ailogger.test";
    private const string OperatorPassword = "operator-password-1";

    private async Task EnsureOperatorAsync()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsJsonAsync("/api/users", new { email = OperatorEmail, password = OperatorPassword, roles = new[] { "Operator" } });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Anonymous_visit_lands_on_the_sign_in_form_and_returns_to_the_page_asked_for()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/logs");

        Assert.Contains("/login?ReturnUrl=%2Flogs", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "login");

        await page.GotoAsync("/settings/api-keys");
        await page.Locator("#email").FillAsync(AppFixture.AdminEmail);
        await page.Locator("#password").FillAsync(AppFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/settings/api-keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Wrong_password_is_refused_with_a_message()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("#email").FillAsync(AppFixture.AdminEmail);
        await page.Locator("#password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("The e-mail or the password is not right");
        Assert.Contains("/login", page.Url);
        await BrowserFixture.ScreenshotAsync(page, "login-refused");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Admin_opens_the_admin_pages_and_the_job_dashboard()
    {
        var page = await app.SignedInPageAsync();
        foreach (var (path, heading) in new[] { ("/settings/api-keys", "API keys"), ("/settings/users", "Users"), ("/settings/imports", "Imports") })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.GetByTestId("nav")).ToContainTextAsync("API keys");

        var jobs = await page.GotoAsync("/hangfire");
        Assert.Equal(200, jobs!.Status);
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("AI-Logger jobs");

        // The browser session may call the read API the UI uses; the admin API too, as an admin.
        var search = await page.Context.APIRequest.GetAsync("/api/logs/search?limit=1");
        Assert.Equal(200, search.Status);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Operator_is_refused_admin_pages_but_opens_the_overview_and_live()
    {
        await EnsureOperatorAsync();
        var page = await app.SignedInPageAsync(OperatorEmail, OperatorPassword);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav")).Not.ToContainTextAsync("API keys");
        await Assertions.Expect(page.GetByTestId("nav")).Not.ToContainTextAsync("Users");

        await Assertions.Expect(page.GetByTestId("nav")).Not.ToContainTextAsync("Imports");
        await Assertions.Expect(page.GetByTestId("nav")).Not.ToContainTextAsync("Models");
        foreach (var path in new[] { "/settings/api-keys", "/settings/users", "/settings/imports", "/models" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Your role does not open this page");
        }
        await BrowserFixture.ScreenshotAsync(page, "access-denied");

        await page.GotoAsync("/hangfire");
        Assert.Contains("/access-denied", page.Url);

        await BrowserFixture.OpenAsync(page, "/live");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live tail" })).ToBeVisibleAsync();

        var search = await page.Context.APIRequest.GetAsync("/api/logs/search?limit=1");
        Assert.Equal(200, search.Status);
        var keys = await page.Context.APIRequest.GetAsync("/api/keys");
        Assert.Equal(403, keys.Status);
        var imports = await page.Context.APIRequest.GetAsync("/api/imports");
        Assert.Equal(403, imports.Status);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await app.SignedInPageAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/login");

        await page.GotoAsync("/settings/users");
        Assert.Contains("/login?ReturnUrl=", page.Url);
        var search = await page.Context.APIRequest.GetAsync("/api/logs/search");
        Assert.Equal(401, search.Status);
        await page.Context.CloseAsync();
    }
}
