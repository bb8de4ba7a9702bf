namespace AiLogger.Domain.Imports;

/// <summary>The file formats an import reads.</summary>
public static class ImportFormats
{
    /// <summary>Sniffs the first lines: JSON (CLEF when it has <c>@t</c>) or Python's default logging format.</summary>
    public const string Auto = "auto";

    /// <summary>JSON lines: the native shape (<c>timestamp, component, message, level, details</c>); a line with <c>@t</c> is read as CLEF.</summary>
    public const string Jsonl = "jsonl";

    /// <summary>Serilog's compact JSON, one event per line.</summary>
    public const string Clef = "clef";

    /// <summary><c>%(asctime)s - %(name)s - %(levelname)s - %(message)s</c>, tracebacks folded into the event before.</summary>
    public const string Python = "python";

    /// <summary>Lines matched by a regular expression with named groups <c>timestamp, level, source, message</c>.</summary>
    public const string Text = "text";

    public static IReadOnlyList<string> All { get; } = [Auto, Jsonl, Clef, Python, Text];

    /// <summary>Test reports a watched folder may hold instead of logs: each file becomes one test run of the source's project.</summary>
    public static IReadOnlyList<string> TestReports { get; } = [TestResults.TestReportFormats.JUnit, TestResults.TestReportFormats.Trx];

    public static bool IsTestReport(string? format) => TestReports.Contains(format?.Trim().ToLowerInvariant() ?? "");

    /// <summary>The canonical name, or null when <paramref name="text"/> names no format.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Auto;
        var name = text.Trim().ToLowerInvariant();
        return name switch
        {
            "json" or "ndjson" => Jsonl,
            _ => All.Contains(name) ? name : null,
        };
    }
}
