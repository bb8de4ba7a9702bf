using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AiLogger.Cli.Output;

/// <summary>How results are printed: Spectre tables for people, JSON lines (<c>--json</c>) for scripts and <c>jq</c>.</summary>
public sealed class Printer(CliHost host, bool noColor)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public IAnsiConsole Out { get; } = host.CreateConsole(host.Out, noColor);

    public IAnsiConsole Error { get; } = host.CreateConsole(host.Error, noColor);

    public bool Interactive => host.Interactive && !noColor;

    /// <summary>One JSON value on one line.</summary>
    public void JsonLine(JsonElement value)
    {
        host.Out.Write(value.GetRawText().ReplaceLineEndings(""));
        host.Out.Write('\n');
    }

    public void JsonLine(object value)
    {
        host.Out.Write(JsonSerializer.Serialize(value, Compact));
        host.Out.Write('\n');
    }

    public void Line(string text) => host.Out.WriteLine(text);

    /// <summary>A message for the person at the terminal (on standard error, so that pipes carry only results).</summary>
    public void Note(string text) => host.Error.WriteLine(text);

    public void Table(Table table)
    {
        table.Border(TableBorder.Rounded);
        Out.Write(table);
    }

    public static string LevelStyle(string? level) => level switch
    {
        "Verbose" or "Debug" => "grey",
        "Information" => "deepskyblue1",
        "Warning" => "yellow",
        "Error" => "red",
        "Fatal" => "white on red",
        _ => "default",
    };

    public static string LevelShort(string? level) => level switch
    {
        "Verbose" => "VRB",
        "Debug" => "DBG",
        "Information" => "INF",
        "Warning" => "WRN",
        "Error" => "ERR",
        "Fatal" => "FTL",
        _ => (level ?? "???").ToUpperInvariant()[..Math.Min(3, (level ?? "???").Length)],
    };

    /// <summary>An event as one coloured line: time, level, source, message (and the exception's first line).</summary>
    public void Event(JsonElement e)
    {
        var time = e.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";
        var level = Text(e, "level");
        var source = Text(e, "source");
        var message = Text(e, "message") ?? "";
        Out.MarkupLineInterpolated($"[grey]{time}[/] [{LevelStyle(level)}]{LevelShort(level)}[/] {(source is null ? "" : source + " ")}{message}");
        if (Text(e, "exception") is { Length: > 0 } exception)
            Out.MarkupLineInterpolated($"[red]{exception.Split('\n')[0].TrimEnd()}[/]");
    }

    public static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public static string Duration(double milliseconds) => milliseconds switch
    {
        < 1 => $"{milliseconds * 1000:0} µs",
        < 1000 => $"{milliseconds:0.#} ms",
        < 60_000 => $"{milliseconds / 1000:0.##} s",
        _ => $"{milliseconds / 60_000:0.#} min",
    };

    public static string Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
}
