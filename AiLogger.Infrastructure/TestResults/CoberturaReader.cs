using System.Globalization;
using System.Xml;
using AiLogger.Domain.TestResults;

namespace AiLogger.Infrastructure.TestResults;

/// <summary>
/// Cobertura XML (coverlet, coverage.py, JaCoCo converted): each class's <c>lines</c> folded into its file (a file
/// holds several classes: nested, partial), a line covered when any class covers it, branches from
/// <c>condition-coverage="50% (1/2)"</c>.
/// </summary>
internal static class CoberturaReader
{
    public const string Format = TestReportFormats.Cobertura;
    private const int MaxFiles = 50_000;

    public static TestReport Read(Stream content, string file)
    {
        using var reader = ReportXml.Open(content);
        var files = new Dictionary<string, (string Package, Dictionary<int, bool> Lines, Dictionary<int, (int Covered, int Valid)> Branches)>(StringComparer.Ordinal);
        var root = true;
        var package = "";
        DateTimeOffset? timestamp = null;
        var advance = true;
        while (!advance || ReportXml.Read(reader, file))
        {
            advance = true;
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Depth > ReportXml.MaxDepth) throw ReportXml.Error(file, reader, $"elements are nested deeper than {ReportXml.MaxDepth} levels.");
            if (root)
            {
                root = false;
                if (reader.LocalName != "coverage") throw ReportXml.Error(file, reader, "a Cobertura report starts with <coverage>.");
                if (long.TryParse(reader.GetAttribute("timestamp"), out var seconds) && seconds > 0)
                    timestamp = seconds > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(seconds) : DateTimeOffset.FromUnixTimeSeconds(seconds);
                continue;
            }
            if (reader.LocalName == "package")
            {
                package = reader.GetAttribute("name") ?? "";
                continue;
            }
            if (reader.LocalName != "class") continue;
            var (element, line) = ReportXml.ReadElement(reader, file);
            advance = false;
            var path = ReportXml.Attribute(element, "filename") ?? throw ReportXml.Error(file, line, "class", "the filename attribute is missing.");
            if (!files.TryGetValue(path, out var entry))
            {
                if (files.Count >= MaxFiles) throw ReportXml.Error(file, line, "class", $"the report covers more than {MaxFiles:N0} files.");
                files[path] = entry = (package, new Dictionary<int, bool>(), new Dictionary<int, (int, int)>());
            }
            var lines = element.Elements().FirstOrDefault(e => e.Name.LocalName == "lines");
            foreach (var l in lines?.Elements() ?? [])
            {
                if (l.Name.LocalName != "line") continue;
                if (!int.TryParse(l.Attribute("number")?.Value, out var number) || number <= 0)
                    throw ReportXml.Error(file, line, "line", $"number=\"{ReportXml.Cut(l.Attribute("number")?.Value, 20)}\" is not a line number.");
                var hits = double.TryParse(l.Attribute("hits")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : 0;
                entry.Lines[number] = entry.Lines.GetValueOrDefault(number) || hits > 0;
                if (Condition(l.Attribute("condition-coverage")?.Value) is { } branch)
                {
                    var before = entry.Branches.GetValueOrDefault(number);
                    entry.Branches[number] = (Math.Max(before.Covered, branch.Covered), Math.Max(before.Valid, branch.Valid));
                }
            }
        }
        if (root) throw new Domain.Ingest.IngestFormatException($"{file}: the file holds no XML element.");
        var coverage = new CoverageReport(files
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new CoverageFile(f.Value.Package, f.Key,
                f.Value.Lines.Where(l => l.Value).Select(l => l.Key).Order().ToList(),
                f.Value.Lines.Where(l => !l.Value).Select(l => l.Key).Order().ToList())
            {
                BranchesValid = f.Value.Branches.Values.Sum(b => b.Valid),
                BranchesCovered = f.Value.Branches.Values.Sum(b => b.Covered),
            })
            .ToList());
        return new TestReport(Format, []) { Coverage = coverage, StartedAt = timestamp };
    }

    /// <summary>"50% (1/2)" → (1, 2).</summary>
    private static (int Covered, int Valid)? Condition(string? text)
    {
        if (text is null) return null;
        var open = text.IndexOf('(');
        var slash = text.IndexOf('/');
        var close = text.IndexOf(')');
        if (open < 0 || slash < open || close < slash) return null;
        return int.TryParse(text.AsSpan(open + 1, slash - open - 1), out var covered) && int.TryParse(text.AsSpan(slash + 1, close - slash - 1), out var valid)
            && covered >= 0 && valid >= covered ? (covered, valid) : null;
    }
}
