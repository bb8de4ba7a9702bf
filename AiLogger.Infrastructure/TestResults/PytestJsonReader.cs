using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.TestResults;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// pytest-json-report's <c>.report.json</c>: <c>tests[].nodeid/outcome/setup/call/teardown</c>. Node ids become the
/// class name and name pytest's own JUnit output uses ("tests/test_a.py::TestX::test_y" → "tests.test_a.TestX",
/// "test_y"), so a project's history is the same whichever of the two it pushes.
/// </summary>
internal static class PytestJsonReader
{
    public const string Format = TestReportFormats.PytestJson;

    public static TestReport Read(Stream content, string file, TestReportLimits limits)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = ReportXml.MaxDepth });
        }
        catch (JsonException error)
        {
            throw new IngestFormatException($"{file}: line {(error.LineNumber ?? 0) + 1}, byte {(error.BytePositionInLine ?? 0) + 1}: not valid JSON: {FirstSentence(error.Message)}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tests", out var tests) || tests.ValueKind != JsonValueKind.Array)
                throw new IngestFormatException($"{file}: a pytest-json-report file is an object with a \"tests\" array.");
            if (tests.GetArrayLength() > limits.MaxCases)
                throw new IngestFormatException($"{file}: the report holds more than {limits.MaxCases:N0} tests (AiLogger:Tests:MaxCasesPerRun).");
            var cases = new List<TestCaseResult>(tests.GetArrayLength());
            var index = 0;
            foreach (var test in tests.EnumerateArray())
            {
                cases.Add(Case(test, index, file, limits));
                index++;
            }
            DateTimeOffset? created = root.TryGetProperty("created", out var c) && c.TryGetDouble(out var seconds) && seconds > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;
            double? duration = root.TryGetProperty("duration", out var d) && d.TryGetDouble(out var s) && s >= 0 ? s * 1000 : null;
            return new TestReport(Format, cases) { StartedAt = created, DurationMs = duration };
        }
    }

    private static TestCaseResult Case(JsonElement test, int index, string file, TestReportLimits limits)
    {
        if (test.ValueKind != JsonValueKind.Object || !test.TryGetProperty("nodeid", out var nodeIdElement) || nodeIdElement.GetString() is not { Length: > 0 } nodeId)
            throw new IngestFormatException($"{file}: tests[{index}]: \"nodeid\" is missing.");
        var outcomeText = test.TryGetProperty("outcome", out var o) ? o.GetString() : null;
        var (outcome, type) = outcomeText switch
        {
            "passed" or "xpassed" => (TestOutcome.Passed, (string?)null),
            "failed" => (TestOutcome.Failed, null),
            "error" => (TestOutcome.Error, null),
            "skipped" => (TestOutcome.Skipped, "pytest.skip"),
            "xfailed" => (TestOutcome.Skipped, "pytest.xfail"),
            _ => throw new IngestFormatException($"{file}: tests[{index}] ({ReportXml.Cut(nodeId, 200)}): outcome \"{ReportXml.Cut(outcomeText, 40)}\" is not passed, failed, error, skipped, xfailed or xpassed."),
        };
        var (className, name) = Split(nodeId);
        double duration = 0;
        string? message = null, stack = null, stdout = null, stderr = null;
        foreach (var phase in new[] { "setup", "call", "teardown" })
        {
            if (!test.TryGetProperty(phase, out var stage) || stage.ValueKind != JsonValueKind.Object) continue;
            if (stage.TryGetProperty("duration", out var pd) && pd.TryGetDouble(out var ps)) duration += ps * 1000;
            var stageOutcome = stage.TryGetProperty("outcome", out var so) ? so.GetString() : null;
            if (stageOutcome is "failed" or "skipped" && message is null)
            {
                message = stage.TryGetProperty("crash", out var crash) && crash.TryGetProperty("message", out var m) ? m.GetString() : null;
                stack = stage.TryGetProperty("longrepr", out var lr) && lr.ValueKind == JsonValueKind.String ? lr.GetString() : null;
                message ??= stack?.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim();
                // A fixture that failed is an error "on setup", as pytest's JUnit output says it.
                if (phase != "call" && stageOutcome == "failed") message = $"failed on {phase}: {message}";
            }
            if (stage.TryGetProperty("stdout", out var so2) && so2.GetString() is { Length: > 0 } o2) stdout = (stdout is null ? "" : stdout + "\n") + o2;
            if (stage.TryGetProperty("stderr", out var se) && se.GetString() is { Length: > 0 } e2) stderr = (stderr is null ? "" : stderr + "\n") + e2;
        }
        var path = nodeId.Split("::")[0];
        int? line = test.TryGetProperty("lineno", out var ln) && ln.TryGetInt32(out var l) && l >= 0 ? l + 1 : null;
        return new TestCaseResult
        {
            Suite = ReportXml.Cut(Module(path), 1000)!,
            ClassName = ReportXml.Cut(className, 1000)!,
            Name = ReportXml.Cut(name, 2000)!,
            Outcome = outcome,
            DurationMs = duration,
            File = ReportXml.Cut(path, 1000),
            Line = line,
            Message = ReportXml.Cut(message, limits.MaxMessageChars),
            FailureType = type,
            Stack = outcome == TestOutcome.Skipped ? null : ReportXml.Cut(stack, limits.MaxOutputChars),
            StdOut = ReportXml.Cut(stdout, limits.MaxOutputChars),
            StdErr = ReportXml.Cut(stderr, limits.MaxOutputChars),
        };
    }

    /// <summary>"tests/test_a.py::TestX::test_y[1]" → ("tests.test_a.TestX", "test_y[1]").</summary>
    public static (string ClassName, string Name) Split(string nodeId)
    {
        var parts = nodeId.Split("::");
        var module = Module(parts[0]);
        if (parts.Length == 1) return (module, parts[0]);
        var classes = parts.Skip(1).Take(parts.Length - 2);
        return (string.Join('.', new[] { module }.Concat(classes)), parts[^1]);
    }

    private static string Module(string path) =>
        (path.EndsWith(".py", StringComparison.Ordinal) ? path[..^3] : path).Replace('/', '.').Replace('\\', '.');

    private static string FirstSentence(string message)
    {
        var at = message.IndexOf(" Path:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }
}
