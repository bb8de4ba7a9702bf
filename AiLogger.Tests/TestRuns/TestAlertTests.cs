using System.Net;
using System.Net.Http.Json;
using AiLogger.Tests.Alerts;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.TestRuns;

/// <summary>Alert rules of kind <c>tests</c>: failures in a project's latest run, its pass rate, flaky tests and a coverage drop.</summary>
public sealed class TestAlertTests(AlertAppFixture app) : IClassFixture<AlertAppFixture>
{
    [Fact]
    public async Task Rules_on_failures_pass_rate_and_flaky_tests_fire_on_the_latest_run_and_resolve_when_it_passes()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var project = TestRunApi.NewProject("alerted");
        await admin.PushAsync(project, TestRunApi.JUnit("A.a=pass", "A.b=pass", "A.c=pass", "A.d=pass"), commit: "c1");
        await admin.PushAsync(project, TestRunApi.JUnit("A.a=fail", "A.b=pass", "A.c=flaky", "A.d=pass"), commit: "c2");

        var failures = (await admin.CreateAsync("/api/alerts/rules", new { name = "Failures " + project, kind = "tests", filter = $"project={project}, branch=main", metric = "failures", comparison = ">", threshold = 0 })).GetProperty("id").GetInt64();
        var rate = (await admin.CreateAsync("/api/alerts/rules", new { name = "Pass rate " + project, kind = "tests", filter = $"project={project}", metric = "passRate", comparison = "<", threshold = 0.9 })).GetProperty("id").GetInt64();
        var flaky = (await admin.CreateAsync("/api/alerts/rules", new { name = "Flaky " + project, kind = "tests", filter = $"project={project}", metric = "flaky", comparison = ">=", threshold = 1 })).GetProperty("id").GetInt64();

        var evaluation = await admin.EvaluateAsync();
        Assert.Equal("firing", AlertApi.RuleIn(evaluation, failures).GetProperty("status").GetString());
        Assert.Equal(1, AlertApi.RuleIn(evaluation, failures).GetProperty("value").GetDouble());
        Assert.Equal(0.75, AlertApi.RuleIn(evaluation, rate).GetProperty("value").GetDouble(), 9);
        Assert.Equal("firing", AlertApi.RuleIn(evaluation, rate).GetProperty("status").GetString());
        Assert.Equal("firing", AlertApi.RuleIn(evaluation, flaky).GetProperty("status").GetString());
        Assert.Equal("tests", Assert.Single(await admin.AlertsAsync(failures, "firing")).GetProperty("kind").GetString());

        await admin.PushAsync(project, TestRunApi.JUnit("A.a=pass", "A.b=pass", "A.c=pass", "A.d=pass"), commit: "c3");
        evaluation = await admin.EvaluateAsync();
        Assert.Equal("ok", AlertApi.RuleIn(evaluation, failures).GetProperty("status").GetString());
        Assert.Equal(1.0, AlertApi.RuleIn(evaluation, rate).GetProperty("value").GetDouble(), 9);
    }

    [Fact]
    public async Task A_tests_rule_without_a_project_or_with_an_unknown_metric_is_refused_naming_the_field()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var noProject = await admin.PostAsJsonAsync("/api/alerts/rules", new { name = "x", kind = "tests", filter = "branch=main", metric = "failures", comparison = ">", threshold = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, noProject.StatusCode);
        Assert.Contains("project=checkout", await noProject.Content.ReadAsStringAsync());

        using var metric = await admin.PostAsJsonAsync("/api/alerts/rules", new { name = "x", kind = "tests", filter = "project=a", metric = "speed", comparison = ">", threshold = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, metric.StatusCode);
        Assert.Contains("failures, passRate, flaky, coverageDrop", await metric.Content.ReadAsStringAsync());

        using var unknown = await admin.PostAsJsonAsync("/api/alerts/rules/dry-run", new { name = "x", kind = "tests", filter = "project=never-pushed", metric = "failures", comparison = ">", threshold = 0 });
        var dry = await unknown.ReadJsonAsync();
        Assert.True(unknown.IsSuccessStatusCode, dry.ToString());
        Assert.Contains("no test run of project 'never-pushed'", dry.ToString());
    }
}
