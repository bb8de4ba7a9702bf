using AiLogger.Tests.Support;
using AiLogger.Tests.TestRuns;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>
/// An analyst follows two CI runs pushed through the API: the project list, the second run with its new failure and
/// failure group, a case's panel and history, and the flaky list; screenshots light and dark.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TestPagesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Two_pushed_runs_show_the_new_failure_its_group_the_case_history_and_the_flaky_test()
    {
        var project = TestRunApi.NewProject("checkout");
        using var client = app.CreateClient(AppFixture.AdminKey);
        var reports = await RealReports.DotnetAsync();
        await client.PushFilesAsync(new Dictionary<string, string> { ["project"] = project, ["branch"] = "main", ["commit"] = "1111111", ["buildId"] = "100" },
            ("file", reports.Trx), ("coverage", reports.Cobertura));
        var first = await client.PushAsync(project, TestRunApi.JUnit(
            "shop.Cart.adds=pass", "shop.Cart.totals=pass", "shop.Pay.charges=pass", "shop.Pay.refunds=fail:Connection to 10.1.2.3:5432 refused", "shop.Pay.retries=pass"),
            commit: "2222222", buildId: "101");
        var second = await client.PushAsync(project, TestRunApi.JUnit(
            "shop.Cart.adds=pass", "shop.Cart.totals=fail:Expected 12 but was 11", "shop.Pay.charges=fail:Connection to 10.9.9.9:5432 refused",
            "shop.Pay.refunds=fail:Connection to 10.1.2.4:5432 refused", "shop.Pay.retries=flaky:timeout after 5000 ms"),
            commit: "3333333", buildId: "102");
        var runId = second.GetProperty("runId").GetInt64();

        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/tests");
        var card = page.GetByTestId("test-project").Filter(new() { HasText = project });
        await Assertions.Expect(card.GetByTestId("run-status")).ToHaveTextAsync("failed");
        await Assertions.Expect(card.GetByTestId("project-flaky")).ToContainTextAsync("flaky");
        await Assertions.Expect(card.Locator(".apexcharts-canvas").First).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Trends" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("project-trends").Locator(".apexcharts-canvas").First).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"project={project}&trend=main"));
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "tests");

        await card.GetByTestId("latest-run-link").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("run-title")).ToContainTextAsync($"run #{runId}");
        await Assertions.Expect(page.GetByTestId("new-failures")).ToHaveTextAsync("2 new failures");
        await Assertions.Expect(page.GetByTestId("still-failing")).ToHaveTextAsync("1 still failing");
        // "Connection to <ip> refused" is one group of two tests (refunds, charges), the cart total another.
        var group = page.GetByTestId("failure-group").Filter(new() { HasText = "Connection to <ip> refused" });
        await Assertions.Expect(group.GetByTestId("failure-case")).ToHaveCountAsync(2);
        await Assertions.Expect(group).ToContainTextAsync($"failing since #{first.GetProperty("runId").GetInt64()}");
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "test-run");

        await group.GetByTestId("failure-case").Filter(new() { HasText = "refunds" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("case-stack")).ToContainTextAsync("shop.Pay.refunds()");
        await Assertions.Expect(page.GetByTestId("case-panel").GetByTestId("outcome-strip").Locator("a")).ToHaveCountAsync(2);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("case=\\d+"));
        // The open panel covers the theme toggle: light with the panel, then dark with it opened again.
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "test-run-case-light");
        await page.GetByTestId("case-panel").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-panel")).ToBeHiddenAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await group.GetByTestId("failure-case").Filter(new() { HasText = "refunds" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-stack")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "test-run-case-dark");
        await page.GetByTestId("case-panel").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await group.GetByTestId("failure-case").Filter(new() { HasText = "refunds" }).ClickAsync();

        await page.GetByTestId("case-history-link").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("case-title")).ToHaveTextAsync("refunds");
        await Assertions.Expect(page.GetByTestId("outcome-strip").Locator("a.failed")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("case-failures")).ToContainTextAsync("Connection to 10.1.2.4:5432 refused");
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "test-case");

        // The suites tab in the URL, filtered to the failures.
        await BrowserFixture.OpenAsync(page, $"/tests/runs/{runId}?tab=suites&filter=failed");
        await Assertions.Expect(page.GetByTestId("suite-table").Locator("tbody tr.case-row")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "test-run-suites");
        await BrowserFixture.OpenAsync(page, $"/tests/runs/{runId}?tab=coverage");
        await Assertions.Expect(page.GetByTestId("no-coverage")).ToBeVisibleAsync();

        await BrowserFixture.OpenAsync(page, $"/tests/flaky?project={project}");
        var flaky = page.GetByTestId("flaky-table");
        await Assertions.Expect(flaky.GetByTestId("flaky-name")).ToHaveTextAsync(["retries"]);
        await Assertions.Expect(flaky.GetByTestId("flaky-reason")).ToContainTextAsync("passed on a retry");
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "tests-flaky");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task An_admin_makes_a_tests_alert_rule_in_the_editor_and_its_dry_run_reads_the_latest_run()
    {
        var project = TestRunApi.NewProject("alerted");
        using var client = app.CreateClient(AppFixture.AdminKey);
        await client.PushAsync(project, TestRunApi.JUnit("A.a=pass", "A.b=fail", "A.c=fail"));

        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/alerts/rules");
        await page.GetByTestId("new-rule").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync($"{project} failing");
        await page.GetByTestId("rule-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Test results" }).ClickAsync();
        await page.GetByTestId("rule-tests-filter").Locator("input").FillAsync($"project={project}");
        // The field passes its value on after a pause in typing; leaving it passes it at once.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("rule-tests-filter").Locator(".mud-input-error")).ToHaveCountAsync(0);
        await page.WaitForTimeoutAsync(500);
        await dialog.GetByTestId("dry-run").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("dry-run-result")).ToContainTextAsync("2");
        await BrowserFixture.ScreenshotAsync(page, "alert-rule-tests-light");
        await page.GetByTestId("rule-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rules-table")).ToContainTextAsync($"tests failures(project={project}) > 0");
        await Assertions.Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "alert-rules-with-tests");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_watch_a_folder_dialog_offers_test_reports_with_a_project_field()
    {
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/imports");
        await page.GetByTestId("add-source").ClickAsync();
        var dialog = page.GetByTestId("add-source-dialog");
        await dialog.GetByLabel("Format").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "JUnit XML test reports (one run per file)" }).ClickAsync();
        await Assertions.Expect(dialog.GetByLabel("Project (default: the name)")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "imports-watch-reports-light");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Coverage_of_a_run_shows_its_files_and_the_empty_list_says_how_to_push()
    {
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/tests?branch=no-such-branch");
        await Assertions.Expect(page.GetByTestId("tests-empty")).ToContainTextAsync("No run matches");

        using var client = app.CreateClient(AppFixture.AdminKey);
        var reports = await RealReports.DotnetAsync();
        var pushed = await client.PushFilesAsync(new Dictionary<string, string> { ["project"] = TestRunApi.NewProject("calc"), ["branch"] = "main" },
            ("file", reports.JUnit), ("coverage", reports.Cobertura));
        await BrowserFixture.OpenAsync(page, $"/tests/runs/{pushed.GetProperty("runId").GetInt64()}?tab=coverage");
        await Assertions.Expect(page.GetByTestId("coverage-table")).ToContainTextAsync("Calculator.cs");
        await Assertions.Expect(page.GetByTestId("coverage-total")).ToContainTextAsync("% of lines");
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "test-run-coverage");
        await page.Context.CloseAsync();
    }
}
