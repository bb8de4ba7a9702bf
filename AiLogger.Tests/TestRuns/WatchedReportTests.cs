using System.Net;
using AiLogger.Tests.Imports;
using AiLogger.Tests.ModelMonitoring;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.TestRuns;

/// <summary>A watched import folder of JUnit reports: each report one run of the source's project, once, and a broken one recorded as failed.</summary>
public sealed class WatchedReportTests(ImportAppFixture app) : IClassFixture<ImportAppFixture>
{
    private readonly HttpClient _admin = app.CreateClient(AppFixture.AdminKey);

    [Fact]
    public async Task Each_report_in_the_folder_becomes_one_run_once_and_a_rewritten_report_another()
    {
        var folder = app.Folder("reports");
        Write(Path.Combine(folder, "TEST-api.xml"), TestRunApi.JUnit("api.A.one=pass", "api.A.two=fail:boom"));
        await ScanAsync();
        await ScanAsync();

        var runs = (await _admin.GetJsonAsync($"/api/tests/runs?project={ImportAppFixture.ReportsProject}")).EnumerateArray().ToList();
        var run = Assert.Single(runs, r => r.GetProperty("labels").GetProperty("file").GetString() == "TEST-api.xml");
        Assert.Equal(2, run.GetProperty("tests").GetInt32());
        Assert.Equal(1, run.GetProperty("failed").GetInt32());

        // The next CI run writes the same file again.
        Write(Path.Combine(folder, "TEST-api.xml"), TestRunApi.JUnit("api.A.one=pass", "api.A.two=pass"));
        await ScanAsync();
        runs = (await _admin.GetJsonAsync($"/api/tests/runs?project={ImportAppFixture.ReportsProject}")).EnumerateArray()
            .Where(r => r.GetProperty("labels").GetProperty("file").GetString() == "TEST-api.xml").ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(0, runs[0].GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_broken_report_is_recorded_as_a_failed_import_naming_the_line_and_stores_no_run()
    {
        var folder = app.Folder("reports");
        Write(Path.Combine(folder, "TEST-broken.xml"), "<testsuite name=\"s\">\n<testcase name=\"a\">\n</testsuite>");
        await ScanAsync();
        await ScanAsync();
        var imports = (await _admin.GetJsonAsync("/api/imports")).GetProperty("files").EnumerateArray().ToList();
        var failed = Assert.Single(imports, i => i.GetProperty("name").GetString()!.EndsWith("TEST-broken.xml"));
        Assert.True(failed.GetProperty("status").GetString() == "failed", failed.ToString());
        Assert.Contains("TEST-broken.xml: line 3", failed.ToString());
        var runs = (await _admin.GetJsonAsync($"/api/tests/runs?project={ImportAppFixture.ReportsProject}")).EnumerateArray();
        Assert.DoesNotContain(runs, r => r.GetProperty("labels").GetProperty("file").GetString() == "TEST-broken.xml");
    }

    [Fact]
    public async Task An_upload_named_as_a_test_report_is_sent_to_the_tests_api()
    {
        using var form = new MultipartFormDataContent { { new StringContent(TestRunApi.JUnit("A.a=pass")), "file", "TEST-x.xml" } };
        form.Add(new StringContent("junit"), "format");
        using var response = await _admin.PostAsync("/api/imports", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("POST /api/tests/runs", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Written a while ago, as a finished report is; a file written this instant waits for the next scan.</summary>
    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
    }

    private async Task<System.Text.Json.JsonElement> ScanAsync()
    {
        using var response = await _admin.PostAsync("/api/imports/scan", null);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }
}
