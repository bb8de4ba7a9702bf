using System.Xml;
using System.Xml.Linq;
using AiLogger.Domain.TestResults;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// JUnit XML as its producers write it: nested <c>testsuites/testsuite</c>, Surefire's flaky and rerun elements,
/// pytest's xunit2 output (skip and xfail as skips, setup failures as errors), jest-junit and JunitXml.TestLogger.
/// Streams the file: only one <c>testcase</c> is held as a tree at a time.
/// </summary>
internal static class JUnitReader
{
    public const string Format = TestReportFormats.JUnit;

    public static TestReport Read(Stream content, string file, TestReportLimits limits)
    {
        using var reader = ReportXml.Open(content);
        var cases = new List<TestCaseResult>();
        var suites = new Stack<(string Name, int Depth)>();
        DateTimeOffset? startedAt = null;
        double? rootTime = null, suiteTimes = null;
        var root = true;
        // XNode.ReadFrom leaves the reader on the node after the case: that node is looked at before reading on.
        var advance = true;
        while (!advance || ReportXml.Read(reader, file))
        {
            advance = true;
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Depth > ReportXml.MaxDepth) throw ReportXml.Error(file, reader, $"elements are nested deeper than {ReportXml.MaxDepth} levels.");
            while (suites.Count > 0 && reader.Depth <= suites.Peek().Depth) suites.Pop();
            var name = reader.LocalName;
            if (root)
            {
                root = false;
                if (name is not ("testsuites" or "testsuite"))
                    throw ReportXml.Error(file, reader, "a JUnit report starts with <testsuites> or <testsuite>.");
                if (name == "testsuites")
                {
                    rootTime = ReportXml.Seconds(reader.GetAttribute("time"), file, LineOf(reader), name);
                    startedAt = ReportXml.Timestamp(reader.GetAttribute("timestamp"));
                    continue;
                }
            }
            if (name == "testsuite")
            {
                var time = ReportXml.Seconds(reader.GetAttribute("time"), file, LineOf(reader), name);
                if (suites.Count == 0 && time is { } t) suiteTimes = (suiteTimes ?? 0) + t;
                startedAt ??= ReportXml.Timestamp(reader.GetAttribute("timestamp"));
                if (!reader.IsEmptyElement) suites.Push((reader.GetAttribute("name") ?? (suites.Count > 0 ? suites.Peek().Name : ""), reader.Depth));
                continue;
            }
            if (name != "testcase") continue;
            var (element, line) = ReportXml.ReadElement(reader, file);
            advance = false;
            cases.Add(Case(element, line, suites.Count > 0 ? suites.Peek().Name : "", file, limits));
            if (cases.Count > limits.MaxCases)
                throw ReportXml.Error(file, line, "testcase", $"the report holds more than {limits.MaxCases:N0} test cases (AiLogger:Tests:MaxCasesPerRun).");
        }
        if (root) throw new Domain.Ingest.IngestFormatException($"{file}: the file holds no XML element.");
        return new TestReport(Format, cases) { StartedAt = startedAt, DurationMs = (rootTime ?? suiteTimes) * 1000 };
    }

    private static int LineOf(XmlReader reader) => (reader as IXmlLineInfo)?.LineNumber ?? 0;

    private static TestCaseResult Case(XElement testcase, int line, string suite, string file, TestReportLimits limits)
    {
        var name = ReportXml.Attribute(testcase, "name")
            ?? throw ReportXml.Error(file, line, "testcase", "the name attribute is missing.");
        var className = ReportXml.Attribute(testcase, "classname") ?? suite;
        var seconds = ReportXml.Seconds(testcase.Attribute("time")?.Value, file, line, "testcase") ?? 0;

        var outcome = TestOutcome.Passed;
        XElement? verdict = null;
        var retries = new List<TestAttempt>();
        var flakyAttempts = 0;
        string? stdout = null, stderr = null;
        var properties = new List<KeyValuePair<string, string>>();
        foreach (var child in testcase.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "failure":
                    if (verdict is null || outcome == TestOutcome.Skipped) (outcome, verdict) = (TestOutcome.Failed, child);
                    break;
                case "error":
                    if (verdict is null || outcome != TestOutcome.Error) (outcome, verdict) = (TestOutcome.Error, child);
                    break;
                case "skipped":
                    if (verdict is null) (outcome, verdict) = (TestOutcome.Skipped, child);
                    break;
                case "flakyFailure" or "flakyError":
                    flakyAttempts++;
                    retries.Add(Attempt(child, child.Name.LocalName == "flakyError" ? TestOutcome.Error : TestOutcome.Failed, limits));
                    break;
                case "rerunFailure" or "rerunError":
                    retries.Add(Attempt(child, child.Name.LocalName == "rerunError" ? TestOutcome.Error : TestOutcome.Failed, limits));
                    break;
                case "system-out":
                    stdout = Concat(stdout, child.Value, limits.MaxOutputChars);
                    break;
                case "system-err":
                    stderr = Concat(stderr, child.Value, limits.MaxOutputChars);
                    break;
                case "properties":
                    foreach (var property in child.Elements().Where(e => e.Name.LocalName == "property").Take(100))
                        properties.Add(new(ReportXml.Cut(property.Attribute("name")?.Value ?? "", 200)!, ReportXml.Cut(property.Attribute("value")?.Value ?? property.Value, 2000)!));
                    break;
            }
        }
        // Surefire writes reruns after the first attempt's failure: the stored retries are the attempts before the last.
        if (outcome.IsFailure() && retries.Count > 0 && verdict is not null)
            retries.Insert(0, Attempt(verdict, outcome, limits));
        var flaky = outcome == TestOutcome.Passed && flakyAttempts > 0;

        int? lineNumber = int.TryParse(testcase.Attribute("line")?.Value, out var l) && l > 0 ? l : null;
        return new TestCaseResult
        {
            Suite = ReportXml.Cut(suite, 1000)!,
            ClassName = ReportXml.Cut(className, 1000)!,
            Name = ReportXml.Cut(name, 2000)!,
            Outcome = outcome,
            DurationMs = seconds * 1000,
            File = ReportXml.Cut(ReportXml.Attribute(testcase, "file"), 1000),
            Line = lineNumber,
            Message = ReportXml.Cut(verdict is null ? null : ReportXml.Attribute(verdict, "message") ?? FirstLine(verdict.Value), limits.MaxMessageChars),
            FailureType = ReportXml.Cut(verdict is null ? null : ReportXml.Attribute(verdict, "type"), 500),
            Stack = ReportXml.Cut(verdict?.Value is { Length: > 0 } text && outcome != TestOutcome.Skipped ? text.Trim() : null, limits.MaxOutputChars),
            StdOut = stdout,
            StdErr = stderr,
            Retries = retries,
            Flaky = flaky,
            Properties = properties,
        };
    }

    private static TestAttempt Attempt(XElement element, TestOutcome outcome, TestReportLimits limits)
    {
        var seconds = double.TryParse(element.Attribute("time")?.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        var stack = element.Elements().FirstOrDefault(e => e.Name.LocalName == "stackTrace")?.Value ?? element.Value;
        return new TestAttempt(outcome, ReportXml.Cut(ReportXml.Attribute(element, "message"), limits.MaxMessageChars),
            ReportXml.Cut(ReportXml.Attribute(element, "type"), 500), ReportXml.Cut(stack.Trim() is { Length: > 0 } t ? t : null, limits.MaxOutputChars), seconds * 1000);
    }

    private static string? FirstLine(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) return null;
        var end = trimmed.IndexOf('\n');
        return end < 0 ? trimmed : trimmed[..end].TrimEnd();
    }

    private static string? Concat(string? existing, string text, int max) =>
        ReportXml.Cut(existing is null ? text : existing + "\n" + text, max);
}
