namespace AiLogger.Bench;

/// <summary>A plain-text table, also valid Markdown, so figures paste straight into docs/performance.md.</summary>
public static class Table
{
    public static void Print(string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadLeft(widths[i]))) + " |";
        Console.WriteLine(Line(headers));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 1) + ":")) + "|");
        foreach (var row in rows) Console.WriteLine(Line(row));
    }
}
