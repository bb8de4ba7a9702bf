using System.CommandLine;
using System.Globalization;

namespace AiLogger.Cli.Commands;

/// <summary>The repeatable <c>-p Name=Value</c> option of <c>log</c>, <c>ingest</c> and <c>keys create</c>.</summary>
public static class Properties
{
    public static Option<string[]> Option(string description) => new("--property", "-p")
    {
        Description = description,
        HelpName = "Name=Value",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Dictionary<string, string> Read(string[]? pairs)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw CliException.Usage($"-p takes Name=Value, not '{pair}'.");
            properties[pair[..equals].Trim()] = pair[(equals + 1)..];
        }
        return properties;
    }

    /// <summary>A value as JSON would carry it: numbers and booleans as such (so <c>Elapsed&gt;100</c> finds them), else text.</summary>
    public static object Typed(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number
        : value is "true" or "false" ? value == "true"
        : value;
}
