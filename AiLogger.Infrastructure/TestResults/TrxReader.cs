using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using AiLogger.Domain.TestResults;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// Visual Studio's TRX (<c>dotnet test --logger trx</c>): each <c>UnitTestResult</c> joined with its
/// <c>TestDefinitions/UnitTest/TestMethod@className</c>, data-driven rows (<c>InnerResults</c>) as cases of their own,
/// and several results of one test (retries) folded into the last with the earlier ones as its retries.
/// </summary>
internal static class TrxReader
{
    public const string Format = TestReportFormats.Trx;

    private sealed record Result(string TestId, string TestName, string Outcome, double DurationMs, DateTimeOffset? Start, XElement Element, int Line);

    public static TestReport Read(Stream content, string file, TestReportLimits limits)
    {
        using var reader = ReportXml.Open(content);
        var results = new List<Result>();
        var classes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var root = true;
        DateTimeOffset? runStart = null, runFinish = null;
        var advance = true;
        while (!advance || ReportXml.Read(reader, file))
        {
            advance = true;
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Depth > ReportXml.MaxDepth) throw ReportXml.Error(file, reader, $"elements are nested deeper than {ReportXml.MaxDepth} levels.");
            if (root)
            {
                root = false;
                if (reader.LocalName != "TestRun") throw ReportXml.Error(file, reader, "a TRX report starts with <TestRun>.");
                continue;
            }
            switch (reader.LocalName)
            {
                case "Times":
                    runStart = ReportXml.Timestamp(reader.GetAttribute("start"));
                    runFinish = ReportXml.Timestamp(reader.GetAttribute("finish"));
                    break;
                case "UnitTestResult":
                {
                    var (element, line) = ReportXml.ReadElement(reader, file);
                    advance = false;
                    Collect(element, line, results, file);
                    if (results.Count > limits.MaxCases)
                        throw ReportXml.Error(file, line, "UnitTestResult", $"the report holds more than {limits.MaxCases:N0} results (AiLogger:Tests:MaxCasesPerRun).");
                    break;
                }
                case "UnitTest":
                {
                    var (element, _) = ReportXml.ReadElement(reader, file);
                    advance = false;
                    var id = element.Attribute("id")?.Value;
                    var method = element.Elements().FirstOrDefault(e => e.Name.LocalName == "TestMethod");
                    if (id is not null && method?.Attribute("className")?.Value is { } className)
                        classes[id] = className.Split(',')[0].Trim();
                    break;
                }
            }
        }
        if (root) throw new Domain.Ingest.IngestFormatException($"{file}: the file holds no XML element.");

        var cases = new List<TestCaseResult>(results.Count);
        foreach (var attempts in results.GroupBy(r => (r.TestId, r.TestName)))
        {
            var all = attempts.ToList();
            var last = all[^1];
            var className = classes.GetValueOrDefault(last.TestId) ?? "";
            var final = Case(last, className, file, limits);
            if (all.Count > 1)
            {
                var earlier = all.Take(all.Count - 1).Select(a => Case(a, className, file, limits))
                    .Select(c => new TestAttempt(c.Outcome, c.Message, c.FailureType, c.Stack, c.DurationMs)).ToList();
                final = final with { Retries = earlier, Flaky = final.Outcome == TestOutcome.Passed && earlier.Any(e => e.Outcome.IsFailure()) };
            }
            cases.Add(final);
        }
        double? duration = runStart is { } s && runFinish is { } f && f >= s ? (f - s).TotalMilliseconds : null;
        return new TestReport(Format, cases) { StartedAt = runStart ?? results.Select(r => r.Start).Min(), DurationMs = duration };
    }

    private static void Collect(XElement element, int line, List<Result> results, string file)
    {
        var inner = element.Elements().FirstOrDefault(e => e.Name.LocalName == "InnerResults");
        if (inner is not null && inner.Elements().Any())
        {
            // A data-driven test: its rows are the cases; the parent only sums them.
            foreach (var row in inner.Elements().Where(e => e.Name.LocalName == "UnitTestResult")) Collect(row, line, results, file);
            return;
        }
        var testId = element.Attribute("testId")?.Value ?? throw ReportXml.Error(file, line, "UnitTestResult", "the testId attribute is missing.");
        var testName = element.Attribute("testName")?.Value ?? throw ReportXml.Error(file, line, "UnitTestResult", "the testName attribute is missing.");
        var outcome = element.Attribute("outcome")?.Value ?? "";
        results.Add(new Result(testId, testName, outcome, Duration(element.Attribute("duration")?.Value, file, line), ReportXml.Timestamp(element.Attribute("startTime")?.Value), element, line));
    }

    private static double Duration(string? text, string file, int line)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return span.TotalMilliseconds;
        throw ReportXml.Error(file, line, "UnitTestResult", $"duration=\"{ReportXml.Cut(text, 40)}\" is not a time span (hh:mm:ss.fffffff).");
    }

    private static TestCaseResult Case(Result result, string className, string file, TestReportLimits limits)
    {
        var (outcome, unknown) = result.Outcome switch
        {
            "Passed" or "PassedButRunAborted" => (TestOutcome.Passed, false),
            "Failed" => (TestOutcome.Failed, false),
            "Error" or "Timeout" or "Aborted" => (TestOutcome.Error, false),
            "NotExecuted" or "Inconclusive" or "NotRunnable" or "Disconnected" or "Pending" or "Warning" or "InProgress" or "Completed" => (TestOutcome.Skipped, false),
            _ => (TestOutcome.Skipped, true),
        };
        var output = result.Element.Elements().FirstOrDefault(e => e.Name.LocalName == "Output");
        var error = output?.Elements().FirstOrDefault(e => e.Name.LocalName == "ErrorInfo");
        var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value.Trim();
        var stack = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "StackTrace")?.Value.Trim();
        var stdout = output?.Elements().FirstOrDefault(e => e.Name.LocalName == "StdOut")?.Value;
        var stderr = output?.Elements().FirstOrDefault(e => e.Name.LocalName == "StdErr")?.Value;
        if (unknown) message = $"The report's outcome \"{ReportXml.Cut(result.Outcome, 60)}\" is not one AI-Logger knows; the case counts as skipped.";
        if (outcome == TestOutcome.Skipped && string.IsNullOrEmpty(message))
            message = output?.Elements().FirstOrDefault(e => e.Name.LocalName == "TextMessages")?.Value.Trim() is { Length: > 0 } text ? text : null;

        // xunit and NUnit name results in full ("Namespace.Class.Method(x: 1)"); the class is kept apart.
        var name = result.TestName;
        if (className.Length > 0 && name.StartsWith(className + ".", StringComparison.Ordinal)) name = name[(className.Length + 1)..];
        var suite = className.LastIndexOf('.') is var dot and > 0 ? className[..dot] : className;
        return new TestCaseResult
        {
            Suite = ReportXml.Cut(suite, 1000)!,
            ClassName = ReportXml.Cut(className, 1000)!,
            Name = ReportXml.Cut(name, 2000)!,
            Outcome = outcome,
            DurationMs = result.DurationMs,
            Message = ReportXml.Cut(message is { Length: > 0 } ? message : null, limits.MaxMessageChars),
            FailureType = unknown ? "trx:" + ReportXml.Cut(result.Outcome, 60) : null,
            Stack = ReportXml.Cut(stack is { Length: > 0 } ? stack : null, limits.MaxOutputChars),
            StdOut = ReportXml.Cut(stdout is { Length: > 0 } ? stdout : null, limits.MaxOutputChars),
            StdErr = ReportXml.Cut(stderr is { Length: > 0 } ? stderr : null, limits.MaxOutputChars),
        };
    }
}
