using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiLogger.Tests.ModelMonitoring;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.TestRuns;

/// <summary><c>POST /api/tests/runs</c> and the reads over real HTTP, on both storage providers.</summary>
public sealed class TestRunApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.CreateClient(AppFixture.AdminKey);

    [Fact]
    public async Task A_dotnet_test_run_pushed_as_TRX_and_Cobertura_files_is_stored_with_its_totals_cases_and_coverage()
    {
        var reports = await RealReports.DotnetAsync();
        var project = TestRunApi.NewProject();
        var pushed = await _client.PushFilesAsync(
            new Dictionary<string, string> { ["project"] = project, ["branch"] = "main", ["commit"] = "a1b2c3", ["buildUrl"] = "https://ci.example/build/7", ["labels"] = "os=linux,runner=2" },
            ("file", reports.Trx), ("coverage", reports.Cobertura));

        Assert.Equal((6, 3, 2, 0, 1, 0), (pushed.GetProperty("tests").GetInt32(), pushed.GetProperty("passed").GetInt32(), pushed.GetProperty("failed").GetInt32(),
            pushed.GetProperty("errors").GetInt32(), pushed.GetProperty("skipped").GetInt32(), pushed.GetProperty("flaky").GetInt32()));
        Assert.False(pushed.GetProperty("duplicate").GetBoolean());
        var run = await _client.RunAsync(pushed.GetProperty("runId").GetInt64());

        Assert.Equal("a1b2c3", run.GetProperty("run").GetProperty("commit").GetString());
        Assert.Equal("linux", run.GetProperty("run").GetProperty("labels").GetProperty("os").GetString());
        Assert.Equal(6, run.GetProperty("cases").GetArrayLength());
        // The first run of a project: both failures are new.
        Assert.Equal(["Divides_by_zero_with_a_message", "Grades(score: 10, grade: \"B\")"], TestRunApi.Names(run, "newFailures"));
        var file = Assert.Single(run.GetProperty("coverage").EnumerateArray());
        Assert.EndsWith("Calculator.cs", file.GetProperty("path").GetString());
        Assert.InRange(run.GetProperty("run").GetProperty("lineRate").GetDouble(), 0.5, 0.95);

        var divide = TestRunApi.CaseId(run, "Divides_by_zero_with_a_message");
        var result = await _client.GetJsonAsync($"/api/tests/runs/{pushed.GetProperty("runId").GetInt64()}/cases/{divide}");
        Assert.Contains("Calc.Calculator.Divide", result.GetProperty("stack").GetString());
        Assert.Equal("ReportFixture.CalculatorTests", result.GetProperty("className").GetString());
    }

    [Fact]
    public async Task The_second_run_of_a_branch_names_new_failures_fixed_and_still_failing_cases_and_groups_them()
    {
        var project = TestRunApi.NewProject();
        var first = await _client.PushAsync(project, TestRunApi.JUnit("A.a=fail:was broken", "A.b=pass", "A.c=fail:Connection to 10.0.0.1:5432 refused", "A.d=pass"), commit: "c1");
        var second = await _client.PushAsync(project, TestRunApi.JUnit(
            "A.a=pass", "A.b=fail:Connection to 10.0.0.2:5432 refused", "A.c=fail:Connection to 10.0.0.3:5432 refused", "A.d=error:Connection to 10.0.0.4:6379 refused", "A.e=pass"), commit: "c2");

        var run = await _client.RunAsync(second.GetProperty("runId").GetInt64());
        Assert.Equal(first.GetProperty("runId").GetInt64(), run.GetProperty("baseRun").GetProperty("id").GetInt64());
        Assert.Equal(["b", "d"], TestRunApi.Names(run, "newFailures"));
        Assert.Equal(["a"], TestRunApi.Names(run, "fixed"));
        Assert.Equal(["c"], TestRunApi.Names(run, "stillFailing"));
        var c = TestRunApi.CaseId(run, "c");
        Assert.Equal(first.GetProperty("runId").GetInt64(), run.GetProperty("failingSince").GetProperty(c.ToString()).GetInt64());
        // Three failures with the same masked message and frame shape… but three frames: grouped by message and frame.
        var groups = run.GetProperty("failureGroups").EnumerateArray().ToList();
        Assert.All(groups, g => Assert.Equal("Connection to <ip> refused", g.GetProperty("message").GetString()));
        Assert.Equal(3, groups.Sum(g => g.GetProperty("count").GetInt32()));

        var history = await _client.GetJsonAsync($"/api/tests/cases/{c}");
        Assert.Equal(["failed", "failed"], history.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()));
        Assert.Equal(project, history.GetProperty("project").GetString());
    }

    [Fact]
    public async Task A_new_branch_is_compared_with_the_default_branch()
    {
        var project = TestRunApi.NewProject();
        var main = await _client.PushAsync(project, TestRunApi.JUnit("A.a=fail", "A.b=pass"), branch: "main");
        var feature = await _client.PushAsync(project, TestRunApi.JUnit("A.a=fail", "A.b=fail"), branch: "feature/x");

        var run = await _client.RunAsync(feature.GetProperty("runId").GetInt64());
        Assert.Equal(main.GetProperty("runId").GetInt64(), run.GetProperty("baseRun").GetProperty("id").GetInt64());
        Assert.Equal(["b"], TestRunApi.Names(run, "newFailures"));
        Assert.Equal(["a"], TestRunApi.Names(run, "stillFailing"));
    }

    [Fact]
    public async Task The_same_report_pushed_again_for_the_same_build_is_not_stored_twice()
    {
        var project = TestRunApi.NewProject();
        var report = TestRunApi.JUnit("A.a=pass", "A.b=fail");
        var first = await _client.PushAsync(project, report, buildId: "42");
        var again = await _client.PushAsync(project, report, buildId: "42", expected: HttpStatusCode.OK);
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("runId").GetInt64(), again.GetProperty("runId").GetInt64());

        var rerun = await _client.PushAsync(project, report, buildId: "43");
        Assert.NotEqual(first.GetProperty("runId").GetInt64(), rerun.GetProperty("runId").GetInt64());
        // Without a build id the same report is another run (a rerun of the commit).
        await _client.PushAsync(project, report);
        await _client.PushAsync(project, report);
        Assert.Equal(4, (await _client.GetJsonAsync($"/api/tests/runs?project={project}")).GetArrayLength());
    }

    [Fact]
    public async Task A_test_that_passes_and_fails_on_one_commit_or_passes_on_rerun_is_listed_as_flaky()
    {
        var project = TestRunApi.NewProject();
        await _client.PushAsync(project, TestRunApi.JUnit("A.a=pass", "A.b=pass", "A.c=pass"), commit: "same", buildId: "1");
        await _client.PushAsync(project, TestRunApi.JUnit("A.a=fail:timeout", "A.b=pass", "A.c=flaky"), commit: "same", buildId: "2");

        var flaky = (await _client.GetJsonAsync($"/api/tests/flaky?project={project}")).EnumerateArray().ToList();
        Assert.Equal(["a", "c"], flaky.Select(f => f.GetProperty("name").GetString()).Order());
        Assert.Equal("same-commit", flaky.Single(f => f.GetProperty("name").GetString() == "a").GetProperty("verdict").GetProperty("reason").GetString());
        Assert.Equal("retry", flaky.Single(f => f.GetProperty("name").GetString() == "c").GetProperty("verdict").GetProperty("reason").GetString());
        var projects = (await _client.GetJsonAsync("/api/tests/projects")).EnumerateArray().Single(p => p.GetProperty("project").GetString() == project);
        Assert.Equal(2, projects.GetProperty("flaky").GetInt32());
    }

    [Fact]
    public async Task A_test_that_flips_three_times_across_commits_is_flaky_and_one_that_broke_once_is_not()
    {
        var project = TestRunApi.NewProject();
        string[][] runs =
        [
            ["A.flips=pass", "A.broke=pass", "A.steady=pass"],
            ["A.flips=fail", "A.broke=fail", "A.steady=pass"],
            ["A.flips=pass", "A.broke=fail", "A.steady=pass"],
            ["A.flips=fail", "A.broke=pass", "A.steady=pass"],
        ];
        for (var i = 0; i < runs.Length; i++) await _client.PushAsync(project, TestRunApi.JUnit(runs[i]), commit: $"c{i}");

        var flaky = Assert.Single((await _client.GetJsonAsync($"/api/tests/flaky?project={project}&branch=main")).EnumerateArray());
        Assert.Equal("flips", flaky.GetProperty("name").GetString());
        Assert.Equal("flips", flaky.GetProperty("verdict").GetProperty("reason").GetString());
        Assert.Equal(3, flaky.GetProperty("verdict").GetProperty("flips").GetInt32());
        Assert.Equal(4, flaky.GetProperty("recent").GetArrayLength());
    }

    [Fact]
    public async Task A_test_whose_median_duration_grew_over_its_last_ten_runs_is_named_slower()
    {
        var project = TestRunApi.NewProject();
        long last = 0;
        for (var i = 0; i < 20; i++)
        {
            var slow = i < 10 ? "0.100" : "0.600";
            var report = $"<testsuite name=\"s\"><testcase classname=\"A\" name=\"slow\" time=\"{slow}\"/><testcase classname=\"A\" name=\"steady\" time=\"0.300\"/></testsuite>";
            last = (await _client.PushAsync(project, report, commit: $"c{i}")).GetProperty("runId").GetInt64();
        }
        var run = await _client.RunAsync(last);
        var slower = Assert.Single(run.GetProperty("slower").EnumerateArray());
        Assert.Equal(TestRunApi.CaseId(run, "slow"), slower.GetProperty("caseId").GetInt64());
        Assert.Equal(100, slower.GetProperty("medianBeforeMs").GetDouble(), 6);
        Assert.Equal(600, slower.GetProperty("medianAfterMs").GetDouble(), 6);
    }

    [Fact]
    public async Task Malformed_reports_are_refused_naming_file_and_line_and_nothing_is_stored()
    {
        var project = TestRunApi.NewProject();
        var broken = await _client.PushRawAsync($"project={project}&filename=TEST-a.xml", "<testsuite name=\"s\">\n<testcase name=\"a\">\n</testsuite>");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.StartsWith("TEST-a.xml: line 3, column ", await broken.ErrorMessageAsync());

        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestRunApi.JUnit("A.a=pass")), "file", "good.xml" },
            { new StringContent("<testsuite><testcase classname=\"c\" time=\"x\" name=\"n\"/></testsuite>"), "file", "bad.xml" },
        };
        form.Add(new StringContent(project), "project");
        var mixed = await _client.PostAsync("/api/tests/runs", form);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Equal("bad.xml: line 1, <testcase>: time=\"x\" is not a number of seconds.", await mixed.ErrorMessageAsync());

        Assert.Equal(0, (await _client.GetJsonAsync($"/api/tests/runs?project={project}")).GetArrayLength());
    }

    [Fact]
    public async Task Missing_project_unknown_format_and_a_read_only_key_are_refused_clearly()
    {
        var noProject = await _client.PushRawAsync("branch=main", TestRunApi.JUnit("A.a=pass"));
        Assert.Equal(HttpStatusCode.BadRequest, noProject.StatusCode);
        Assert.StartsWith("'project' is required", await noProject.ErrorMessageAsync());

        var format = await _client.PushRawAsync("project=x&format=allure", TestRunApi.JUnit("A.a=pass"));
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains("junit, trx, pytest-json or cobertura", await format.ErrorMessageAsync());

        var notReport = await _client.PushRawAsync("project=x", "<html><body>502 Bad Gateway</body></html>", "text/html");
        Assert.Equal(HttpStatusCode.BadRequest, notReport.StatusCode);
        Assert.Contains("root element <html> is not a report", await notReport.ErrorMessageAsync());

        var key = await _client.PostAsync("/api/keys", new { name = "tests read", scopes = new[] { "read" } }, HttpStatusCode.Created);
        using var reader = app.CreateClient(key.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PushRawAsync("project=x", TestRunApi.JUnit("A.a=pass"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient(null).PushRawAsync("project=x", TestRunApi.JUnit("A.a=pass"))).StatusCode);
    }

    [Fact]
    public async Task A_gzip_report_is_read_and_one_that_inflates_past_the_limit_gets_413()
    {
        var project = TestRunApi.NewProject();
        var gz = new MemoryStream();
        await using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            await zip.WriteAsync(Encoding.UTF8.GetBytes(TestRunApi.JUnit("A.a=pass", "A.b=skip")));
        var content = new ByteArrayContent(gz.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        content.Headers.ContentEncoding.Add("gzip");
        var ok = await ModelApi.ExpectAsync(await _client.PostAsync($"/api/tests/runs?project={project}", content), HttpStatusCode.Created);
        Assert.Equal(2, ok.GetProperty("tests").GetInt32());

        // 200 MB of a repeated case inflates from well under a megabyte.
        var bomb = new MemoryStream();
        await using (var zip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await zip.WriteAsync(Encoding.UTF8.GetBytes("<testsuite name=\"s\">"));
            var line = Encoding.UTF8.GetBytes("<testcase classname=\"c\" name=\"n\"/>\n");
            var block = Enumerable.Repeat(line, 30_000).SelectMany(b => b).ToArray();
            for (long written = 0; written < 200L * 1024 * 1024; written += block.Length) await zip.WriteAsync(block);
        }
        var tooBig = await _client.PostAsync($"/api/tests/runs?project={project}", new ByteArrayContent(bomb.ToArray()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("AiLogger:Tests:MaxRunBytes", await tooBig.ErrorMessageAsync());
        Assert.Equal(1, (await _client.GetJsonAsync($"/api/tests/runs?project={project}")).GetArrayLength());
    }

    [Fact]
    public async Task A_200_MB_report_gets_413_before_it_is_read()
    {
        var content = new StreamContent(new ZeroStream(200L * 1024 * 1024));
        content.Headers.ContentLength = 200L * 1024 * 1024;
        HttpResponseMessage response;
        try
        {
            response = await _client.PostAsync("/api/tests/runs?project=big", content);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the client still sends; the answer then comes on a new request.
            return;
        }
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("AiLogger:Tests:MaxRunBytes", await response.ErrorMessageAsync());
    }

    /// <summary>A stream of zeros of a given length, so the test holds no 200 MB buffer.</summary>
    private sealed class ZeroStream(long size) : Stream
    {
        private readonly long _length = size;
        private long _left = size;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
