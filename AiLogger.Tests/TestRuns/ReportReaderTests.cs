using System.Text;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.TestResults;
using AiLogger.Infrastructure.TestResults;

namespace AiLogger.Tests.TestRuns;

/// <summary>The report readers on reports the real producers made (dotnet test, coverlet, pytest) and on hand-made ones for Surefire and jest-junit.</summary>
public sealed class ReportReaderTests
{
    private static TestReport Read(string format, string text, string file = "report.xml")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return format switch
        {
            TestReportFormats.JUnit => JUnitReader.Read(stream, file, TestReportLimits.Default),
            TestReportFormats.Trx => TrxReader.Read(stream, file, TestReportLimits.Default),
            TestReportFormats.PytestJson => PytestJsonReader.Read(stream, file, TestReportLimits.Default),
            _ => CoberturaReader.Read(stream, file),
        };
    }

    private static TestReport ReadFile(string format, string path) => Read(format, File.ReadAllText(path), Path.GetFileName(path));

    [Fact]
    public async Task Dotnet_tests_TRX_has_every_case_with_its_class_the_data_rows_the_failure_and_the_skip()
    {
        var reports = await RealReports.DotnetAsync();
        var report = ReadFile(TestReportFormats.Trx, reports.Trx);

        Assert.Equal(6, report.Cases.Count);
        Assert.All(report.Cases, c => Assert.Equal("ReportFixture.CalculatorTests", c.ClassName));
        var rows = report.Cases.Where(c => c.Name.StartsWith("Grades(", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        var failedRow = Assert.Single(rows, r => r.Outcome == TestOutcome.Failed);
        Assert.Equal("Grades(score: 10, grade: \"B\")", failedRow.Name);
        var divide = Assert.Single(report.Cases, c => c.Name == "Divides_by_zero_with_a_message");
        Assert.Equal(TestOutcome.Failed, divide.Outcome);
        Assert.Contains("Cannot divide by zero", divide.Message);
        Assert.Contains("Calc.Calculator.Divide", divide.Stack);
        Assert.Equal(TestOutcome.Skipped, Assert.Single(report.Cases, c => c.Name == "Multiplies").Outcome);
        Assert.Equal(3, report.Cases.Count(c => c.Outcome == TestOutcome.Passed));
        Assert.NotNull(report.StartedAt);
    }

    [Fact]
    public async Task Dotnet_tests_JUnit_from_JunitXml_TestLogger_names_the_cases_as_the_TRX_does()
    {
        var reports = await RealReports.DotnetAsync();
        var junit = ReadFile(TestReportFormats.JUnit, reports.JUnit);
        var trx = ReadFile(TestReportFormats.Trx, reports.Trx);

        Assert.Equal(6, junit.Cases.Count);
        // The same identity from either logger: a project's history continues when it switches.
        Assert.Equal(trx.Cases.Select(c => (c.ClassName, c.Name, c.Outcome)).Order(), junit.Cases.Select(c => (c.ClassName, c.Name, c.Outcome)).Order());
        var divide = Assert.Single(junit.Cases, c => c.Name == "Divides_by_zero_with_a_message");
        Assert.Equal("System.DivideByZeroException : Cannot divide by zero.", divide.Message);
        Assert.StartsWith("at Calc.Calculator.Divide", divide.Stack);
        Assert.Equal("ReportFixture.dll", divide.Suite);
    }

    [Fact]
    public async Task Coverlets_Cobertura_gives_lines_and_branches_per_file()
    {
        var reports = await RealReports.DotnetAsync();
        var coverage = ReadFile(TestReportFormats.Cobertura, reports.Cobertura).Coverage!;

        var file = Assert.Single(coverage.Files);
        Assert.EndsWith("Calc/Calculator.cs", file.Path);
        Assert.Equal("Calc", file.Package);
        // Calculator.NeverCalled (one line) is never run; the throw in Divide is.
        Assert.Contains(20, file.MissedLines);
        Assert.Contains(5, file.CoveredLines);
        Assert.Equal(file.LinesValid, file.CoveredLines.Count + file.MissedLines.Count);
        Assert.True(file.BranchesValid > 0);
        Assert.InRange(coverage.LineRate!.Value, 0.5, 0.95);
    }

    [SkippableFact]
    public async Task Pytests_JUnit_has_the_skip_the_xfail_the_setup_error_and_the_failure()
    {
        var path = await RealReports.PytestJUnitAsync();
        if (path is null && RealReports.PytestRequired) Assert.Fail(RealReports.PytestMissing);
        Skip.If(path is null, RealReports.PytestMissing);
        var report = ReadFile(TestReportFormats.JUnit, path!);

        var byName = report.Cases.ToDictionary(c => c.Name);
        Assert.Equal(7, report.Cases.Count);
        Assert.Equal("test_fixture", byName["test_adds"].ClassName);
        Assert.Equal(TestOutcome.Passed, byName["test_adds"].Outcome);
        Assert.Equal(TestOutcome.Failed, byName["test_fails"].Outcome);
        Assert.Contains("assert [1, 2, 3] == [1, 2, 4]", byName["test_fails"].Message);
        Assert.Equal(TestOutcome.Skipped, byName["test_on_gpu"].Outcome);
        Assert.Equal("pytest.skip", byName["test_on_gpu"].FailureType);
        Assert.Equal(TestOutcome.Skipped, byName["test_known_bug"].Outcome);
        Assert.Equal("pytest.xfail", byName["test_known_bug"].FailureType);
        Assert.Equal(TestOutcome.Error, byName["test_uses_database"].Outcome);
        Assert.StartsWith("failed on setup", byName["test_uses_database"].Message);
        Assert.Equal("test_fixture.TestTokenizer", byName["test_counts[a b-2]"].ClassName);
        Assert.Equal(TestOutcome.Passed, byName["test_counts[a-1]"].Outcome);
    }

    [Fact]
    public void Surefires_flaky_and_rerun_elements_keep_the_retries_and_mark_a_pass_on_rerun_flaky()
    {
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="com.example.OrderTest" time="3.2" tests="3" failures="1" errors="0" skipped="0">
              <testcase name="placesOrder" classname="com.example.OrderTest" time="1.1">
                <flakyFailure message="expected 200 but was 503" type="java.lang.AssertionError">
                  <stackTrace>java.lang.AssertionError: expected 200 but was 503
              at com.example.OrderTest.placesOrder(OrderTest.java:42)</stackTrace>
                  <system-out>attempt 1</system-out>
                </flakyFailure>
              </testcase>
              <testcase name="cancelsOrder" classname="com.example.OrderTest" time="0.9">
                <failure message="timeout after 5000 ms" type="java.util.concurrent.TimeoutException">stack 1</failure>
                <rerunFailure message="timeout after 5012 ms" type="java.util.concurrent.TimeoutException">
                  <stackTrace>stack 2</stackTrace>
                </rerunFailure>
                <rerunFailure message="timeout after 5001 ms" type="java.util.concurrent.TimeoutException">
                  <stackTrace>stack 3</stackTrace>
                </rerunFailure>
              </testcase>
              <testcase name="listsOrders" classname="com.example.OrderTest" time="0.2"/>
            </testsuite>
            """;
        var report = Read(TestReportFormats.JUnit, Xml);

        var flaky = Assert.Single(report.Cases, c => c.Name == "placesOrder");
        Assert.Equal(TestOutcome.Passed, flaky.Outcome);
        Assert.True(flaky.Flaky);
        var retry = Assert.Single(flaky.Retries);
        Assert.Equal(TestOutcome.Failed, retry.Outcome);
        Assert.Equal("expected 200 but was 503", retry.Message);
        Assert.Contains("OrderTest.java:42", retry.Stack);

        var failing = Assert.Single(report.Cases, c => c.Name == "cancelsOrder");
        Assert.Equal(TestOutcome.Failed, failing.Outcome);
        Assert.False(failing.Flaky);
        Assert.Equal(["timeout after 5000 ms", "timeout after 5012 ms", "timeout after 5001 ms"], failing.Retries.Select(r => r.Message));
        Assert.Equal(3200, report.DurationMs!.Value, 6);
        Assert.Equal(1, TestRunTotals.Of(report.Cases, 0).Flaky);
    }

    [Fact]
    public void Jest_junits_nested_suites_and_combined_class_names_are_read()
    {
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="jest tests" tests="3" failures="1" errors="0" time="1.234">
              <testsuite name="cart" errors="0" failures="1" skipped="1" timestamp="2026-11-30T10:00:00" time="0.9" tests="3">
                <testcase classname="cart adds an item" name="cart adds an item" time="0.01"></testcase>
                <testcase classname="cart totals in EUR" name="cart totals in EUR" time="0.02">
                  <failure>Error: expect(received).toBe(expected) // Object.is equality

            Expected: 12
            Received: 11
                at Object.&lt;anonymous&gt; (/app/src/cart.test.js:14:19)</failure>
                </testcase>
                <testcase classname="cart is pending" name="cart is pending" time="0">
                  <skipped/>
                </testcase>
              </testsuite>
            </testsuites>
            """;
        var report = Read(TestReportFormats.JUnit, Xml);

        Assert.Equal(3, report.Cases.Count);
        var failed = Assert.Single(report.Cases, c => c.Outcome == TestOutcome.Failed);
        Assert.Equal("cart totals in EUR", failed.ClassName);
        Assert.Equal("cart", failed.Suite);
        Assert.Equal("Error: expect(received).toBe(expected) // Object.is equality", failed.Message);
        Assert.Contains("cart.test.js:14:19", failed.Stack);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), report.StartedAt);
        Assert.Equal(1234, report.DurationMs!.Value, 6);
    }

    [Fact]
    public void Pytest_json_report_maps_node_ids_as_pytests_junit_does()
    {
        const string Json = """
            {"created": 1796400000.5, "duration": 2.5, "exitcode": 1, "tests": [
              {"nodeid": "tests/test_api.py::TestLogin::test_ok[admin]", "lineno": 9, "outcome": "passed",
               "setup": {"duration": 0.001, "outcome": "passed"}, "call": {"duration": 0.2, "outcome": "passed"}, "teardown": {"duration": 0.001, "outcome": "passed"}},
              {"nodeid": "tests/test_api.py::test_db", "lineno": 20, "outcome": "error",
               "setup": {"duration": 0.01, "outcome": "failed", "crash": {"path": "/app/tests/conftest.py", "lineno": 5, "message": "ConnectionError: refused"},
                         "longrepr": "conftest.py:5: ConnectionError"}},
              {"nodeid": "tests/test_api.py::test_flaky", "outcome": "xfailed", "setup": {"duration": 0, "outcome": "passed"},
               "call": {"duration": 0.1, "outcome": "skipped", "longrepr": "reason"}}
            ]}
            """;
        var report = Read(TestReportFormats.PytestJson, Json, "report.json");

        Assert.Equal(3, report.Cases.Count);
        Assert.Equal(("tests.test_api.TestLogin", "test_ok[admin]"), (report.Cases[0].ClassName, report.Cases[0].Name));
        Assert.Equal(10, report.Cases[0].Line);
        Assert.Equal(TestOutcome.Error, report.Cases[1].Outcome);
        Assert.Equal("failed on setup: ConnectionError: refused", report.Cases[1].Message);
        Assert.Equal("pytest.xfail", report.Cases[2].FailureType);
        Assert.Equal(2500, report.DurationMs!.Value, 6);
    }

    [Fact]
    public void A_TRX_with_an_unknown_outcome_counts_it_as_skipped_and_says_so()
    {
        const string Trx = """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testId="a" testName="Ns.C.One" outcome="Exploded" duration="00:00:01.5000000" />
                <UnitTestResult testId="b" testName="Ns.C.Two" outcome="Timeout" duration="00:00:30" />
              </Results>
              <TestDefinitions>
                <UnitTest id="a" name="One"><TestMethod className="Ns.C, Ns, Version=1.0.0.0" name="One" /></UnitTest>
                <UnitTest id="b" name="Two"><TestMethod className="Ns.C" name="Two" /></UnitTest>
              </TestDefinitions>
            </TestRun>
            """;
        var report = Read(TestReportFormats.Trx, Trx, "odd.trx");

        var odd = Assert.Single(report.Cases, c => c.Name == "One");
        Assert.Equal("Ns.C", odd.ClassName);
        Assert.Equal(TestOutcome.Skipped, odd.Outcome);
        Assert.Contains("\"Exploded\" is not one AI-Logger knows", odd.Message);
        Assert.Equal(1500, odd.DurationMs, 6);
        Assert.Equal(TestOutcome.Error, Assert.Single(report.Cases, c => c.Name == "Two").Outcome);
    }

    [Fact]
    public void Malformed_XML_is_refused_with_its_file_line_and_column()
    {
        const string Xml = "<testsuite name=\"s\">\n  <testcase name=\"a\" classname=\"c\">\n    <failure message=\"x\">\n  </testcase>\n</testsuite>";
        var error = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.JUnit, Xml, "broken.xml"));
        Assert.StartsWith("broken.xml: line 4, column ", error.Message);
        Assert.Contains("not well-formed XML", error.Message);
    }

    [Fact]
    public void A_bad_attribute_names_the_element_and_its_line()
    {
        const string Xml = "<testsuites>\n<testsuite name=\"s\">\n<testcase name=\"a\" classname=\"c\" time=\"soon\"/>\n</testsuite>\n</testsuites>";
        var error = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.JUnit, Xml, "times.xml"));
        Assert.Equal("times.xml: line 3, <testcase>: time=\"soon\" is not a number of seconds.", error.Message);
    }

    [Fact]
    public void An_entity_bomb_and_an_external_entity_are_refused_without_expanding_or_reading_anything()
    {
        var secret = Path.Combine(Path.GetTempPath(), "ailogger-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
            laughs.Append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
            for (var i = 2; i <= 9; i++) laughs.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">\n");
            laughs.Append("]>\n<testsuite name=\"&lol9;\"><testcase name=\"a\"/></testsuite>");
            var before = GC.GetAllocatedBytesForCurrentThread();
            var bomb = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.JUnit, laughs.ToString(), "bomb.xml"));
            Assert.Contains("DTD", bomb.Message);
            Assert.Equal("bomb.xml: refused: a DTD (<!DOCTYPE …>) is not accepted, so entities cannot be declared or expanded; remove it.", bomb.Message);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "the bomb was expanded");

            var xxe = $"<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file://{secret}\">]>\n<testsuite name=\"s\"><testcase name=\"&x;\"/></testsuite>";
            var external = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.JUnit, xxe, "xxe.xml"));
            Assert.Contains("DTD", external.Message);
            Assert.DoesNotContain("TOP-SECRET", external.Message);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var xml = new StringBuilder("<testsuites>");
        for (var i = 0; i < 100; i++) xml.Append("<testsuite name=\"s\">");
        for (var i = 0; i < 100; i++) xml.Append("</testsuite>");
        xml.Append("</testsuites>");
        var error = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.JUnit, xml.ToString(), "deep.xml"));
        Assert.Contains("nested deeper than 64 levels", error.Message);
    }

    [Fact]
    public void Output_past_the_limit_is_cut_with_a_marker()
    {
        var xml = $"<testsuite name=\"s\"><testcase name=\"a\" classname=\"c\"><system-out>{new string('x', 100_000)}</system-out></testcase></testsuite>";
        var report = Read(TestReportFormats.JUnit, xml);
        var output = report.Cases[0].StdOut!;
        Assert.True(output.Length < 66_000);
        Assert.EndsWith("(cut)", output);
    }

    [Fact]
    public void Cobertura_and_pytest_json_refuse_entities_deep_nesting_and_broken_input_with_a_position()
    {
        var entity = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.Cobertura,
            "<?xml version=\"1.0\"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<coverage>&x;</coverage>", "coverage.xml"));
        Assert.Contains("DTD", entity.Message);
        Assert.DoesNotContain("root:", entity.Message);

        var deep = new StringBuilder("<coverage><packages>");
        for (var i = 0; i < 80; i++) deep.Append("<package name=\"p\">");
        var nested = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.Cobertura, deep.ToString(), "coverage.xml"));
        Assert.Contains("nested deeper than 64 levels", nested.Message);

        var line = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.Cobertura,
            "<coverage><packages><package name=\"p\"><classes><class filename=\"a.cs\"><lines><line number=\"x\" hits=\"1\"/></lines></class></classes></package></packages></coverage>", "coverage.xml"));
        Assert.Contains("<line>: number=\"x\" is not a line number", line.Message);

        var json = new StringBuilder("{\"tests\": [");
        for (var i = 0; i < 100; i++) json.Append("{\"a\": [");
        var deepJson = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.PytestJson, json.ToString(), "report.json"));
        Assert.StartsWith("report.json: line 1, byte ", deepJson.Message);

        var broken = Assert.Throws<IngestFormatException>(() => Read(TestReportFormats.PytestJson, "{\"tests\": [{\"nodeid\": \"a.py::t\", \"outcome\": \"exploded\"}]}", "report.json"));
        Assert.Equal("report.json: tests[0] (a.py::t): outcome \"exploded\" is not passed, failed, error, skipped, xfailed or xpassed.", broken.Message);
    }
}
