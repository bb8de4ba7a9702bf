using System.Text;
using AiLogger.Domain.Imports;

namespace AiLogger.Infrastructure.Imports;

/// <summary>The <c>auto</c> format: looks at the first non-empty lines of a file.</summary>
internal static class ImportFormatDetector
{
    private const int LinesLooked = 20;

    public const string Undetected =
        "The format could not be detected from the first lines: they are neither JSON objects nor Python logging lines " +
        "(\"2024-01-31 12:00:00,123 - name - INFO - message\"). Choose the format (jsonl, clef, python, or text with a pattern).";

    /// <summary><see cref="ImportFormats.Jsonl"/>, <see cref="ImportFormats.Python"/>, or null.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head);
        var looked = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line[0] == '{') return ImportFormats.Jsonl;
            if (HeaderLineParser.PythonHeader().IsMatch(line)) return ImportFormats.Python;
            if (++looked >= LinesLooked) break;
        }
        return null;
    }
}
