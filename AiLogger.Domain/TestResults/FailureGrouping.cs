using System.Text.RegularExpressions;

namespace AiLogger.Domain.TestResults;

/// <summary>Failures that share a normalised message and top stack frame: "37 tests failed with Connection refused" is one line.</summary>
public sealed record FailureGroup(string Signature, string Message, string? TopFrame, IReadOnlyList<long> CaseIds);

/// <summary>
/// Normalises a failure's first message line and its top stack frame: numbers, hex, GUIDs, paths, timestamps,
/// addresses and quoted values masked, so the same fault with different data lands in one group.
/// </summary>
public static partial class FailureGrouping
{
    private const int MaxSignatureLength = 300;

    public static string Signature(string? message, string? stack) =>
        Normalise(FirstLine(message) ?? FirstLine(stack) ?? "(no message)") + " @ " + (TopFrame(stack) is { } frame ? Normalise(frame) : "");

    public static IReadOnlyList<FailureGroup> Group(IEnumerable<(long CaseId, string? Message, string? Stack)> failures) =>
        failures
            .GroupBy(f => Signature(f.Message, f.Stack), StringComparer.Ordinal)
            .Select(g => new FailureGroup(g.Key, Normalise(FirstLine(g.First().Message) ?? FirstLine(g.First().Stack) ?? "(no message)"),
                TopFrame(g.First().Stack), g.Select(f => f.CaseId).ToList()))
            .OrderByDescending(g => g.CaseIds.Count).ThenBy(g => g.Signature, StringComparer.Ordinal)
            .ToList();

    public static string Normalise(string text)
    {
        var s = text.Length > 2000 ? text[..2000] : text;
        s = Timestamp().Replace(s, "<ts>");
        s = Guid().Replace(s, "<id>");
        s = Quoted().Replace(s, "<str>");
        s = Path().Replace(s, "<path>");
        s = Ip().Replace(s, "<ip>");
        s = Hex().Replace(s, "<hex>");
        s = Number().Replace(s, "<n>");
        s = Spaces().Replace(s, " ").Trim();
        return s.Length > MaxSignatureLength ? s[..MaxSignatureLength] : s;
    }

    /// <summary>The first frame of a .NET, Java, JavaScript or Python stack, or its first line.</summary>
    public static string? TopFrame(string? stack)
    {
        if (string.IsNullOrWhiteSpace(stack)) return null;
        foreach (var raw in stack.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.StartsWith("at ") || line.StartsWith("File \"")) return line.ToString();
        }
        // pytest's long form names the failing place last: "path.py:12: AssertionError".
        var lines = stack.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => PythonLocation().IsMatch(l)) ?? null;
    }

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var line in text.AsSpan().EnumerateLines())
            if (!line.IsWhiteSpace()) return line.Trim().ToString();
        return null;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Guid();

    [GeneratedRegex("\"[^\"]{0,200}\"|'[^']{0,200}'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?:[A-Za-z]:)?(?:[\\/][\w.\-]+){2,}")]
    private static partial Regex Path();

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?\b")]
    private static partial Regex Ip();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b|\b[0-9a-fA-F]{12,}\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\S+\.py:\d+:")]
    private static partial Regex PythonLocation();
}
