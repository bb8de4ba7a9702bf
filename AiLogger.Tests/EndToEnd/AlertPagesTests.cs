using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>An admin creates a rule in the UI; events make it fire; the alert shows as a toast and on /alerts, and is acknowledged.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AlertPagesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Admin_creates_a_rule_sees_the_alert_fire_as_a_toast_and_on_the_alerts_page_and_acknowledges_it()
    {
        var marker = "al" + Guid.NewGuid().ToString("N")[..10];
        var rule = $"Checkout errors {marker}";
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/alerts/rules");
        await page.GetByTestId("new-rule").ClickAsync();

        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(rule);
        await page.GetByTestId("rule-query").Locator("input").FillAsync($"level>=error marker:{marker}");
        await dialog.GetByLabel("Window").FillAsync("10m");
        await dialog.GetByLabel("Threshold").FillAsync("3");
        await dialog.GetByLabel("Severity").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "high" }).ClickAsync();
        await dialog.GetByTestId("dry-run").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("dry-run-result")).ToContainTextAsync("No: the value now is 0");
        await BrowserFixture.ScreenshotAsync(page, "alert-rule-editor");
        await page.GetByTestId("rule-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rules-table")).ToContainTextAsync(rule);
        // The dialog's overlay takes the next click until it has gone.
        await Assertions.Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);

        using var client = app.CreateClient(AppFixture.AdminKey);
        var events = Enumerable.Range(1, 4).Select(i => new { level = "error", message = $"payment declined {i}", component = "checkout", details = new { Marker = marker } });
        using (var ingest = await client.PostAsJsonAsync("/api/logs", events)) Assert.Equal(HttpStatusCode.Created, ingest.StatusCode);

        await page.GetByTestId("evaluate-now").ClickAsync();
        // The toast comes from the in-app feed, on whatever page the user is.
        // (The "rule saved" toast may still be showing: the alert's is the one that names the severity first.)
        var toast = page.Locator(".mud-snackbar", new() { HasText = $"High: {rule}" });
        await Assertions.Expect(toast).ToContainTextAsync("High");
        await Assertions.Expect(page.GetByTestId("rules-table").Locator("tr", new() { HasText = rule }).GetByTestId("rule-status")).ToContainTextAsync("firing");
        await Assertions.Expect(page.GetByTestId("alert-bell")).ToContainTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "alert-rules");

        await BrowserFixture.OpenAsync(page, "/alerts");
        var row = page.GetByTestId("firing-table").Locator("tr", new() { HasText = rule });
        await Assertions.Expect(row).ToContainTextAsync("4");
        await Assertions.Expect(row.GetByTestId("alert-state")).ToContainTextAsync("firing");
        await row.Locator("summary").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("payment declined");
        await BrowserFixture.ScreenshotAsync(page, "alerts");
        await row.GetByTestId("acknowledge").ClickAsync();
        await Assertions.Expect(row.GetByTestId("acknowledged-by")).ToContainTextAsync(AppFixture.AdminEmail);

        var alerts = await client.GetFromJsonAsync<JsonElement>("/api/alerts?state=acknowledged");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("ruleName").GetString() == rule);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task An_operator_sees_alerts_but_cannot_open_the_rules()
    {
        const string email = "alerts-operator@ailogger.test", password = "operator-password-123";
        using var client = app.CreateClient(AppFixture.AdminKey);
        using (var created = await client.PostAsJsonAsync("/api/users", new { email, password, roles = new[] { "Operator" } }))
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest);
        var page = await app.SignedInPageAsync(email, password);

        await BrowserFixture.OpenAsync(page, "/alerts");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alerts" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav")).Not.ToContainTextAsync("Alert rules");
        await page.GotoAsync("/alerts/rules");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Your role does not open this page");
        var rules = await page.Context.APIRequest.GetAsync("/api/alerts/rules");
        Assert.Equal(403, rules.Status);
        await page.Context.CloseAsync();
    }
}
