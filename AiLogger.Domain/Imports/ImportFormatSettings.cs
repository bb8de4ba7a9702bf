using System.Text.RegularExpressions;

namespace AiLogger.Domain.Imports;

/// <summary>How to read a file: its format and what to assume where lines are silent.</summary>
public sealed record ImportFormatSettings
{
    public string Format { get; init; } = ImportFormats.Auto;

    /// <summary>The events' source when a line names none.</summary>
    public string? Source { get; init; }

    /// <summary>Time zone of timestamps without an offset (IANA or Windows id); UTC when empty.</summary>
    public string? TimeZone { get; init; }

    /// <summary>For <see cref="ImportFormats.Text"/>.</summary>
    public string? Regex { get; init; }

    public static IReadOnlyList<string> RegexGroups { get; } = ["timestamp", "level", "source", "message"];

    /// <summary>Field → what is wrong with it; empty when the settings can be used.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        var format = ImportFormats.Normalize(Format);
        if (format is null)
            errors["format"] = ImportFormats.IsTestReport(Format)
                ? $"'{Format}' is a test report: push it to POST /api/tests/runs, or watch its folder as a source with format {Format.Trim().ToLowerInvariant()}."
                : $"'{Format}' is not a format; use one of {string.Join(", ", ImportFormats.All)}.";
        if (!string.IsNullOrWhiteSpace(TimeZone) && !TryFindTimeZone(TimeZone, out _))
            errors["timeZone"] = $"'{TimeZone}' is not a known time zone; use an IANA id such as Europe/Paris, or leave it empty for UTC.";
        if (format == ImportFormats.Text)
        {
            if (string.IsNullOrWhiteSpace(Regex))
                errors["regex"] = "The text format needs a regular expression with a named group 'message' (and optionally 'timestamp', 'level', 'source').";
            else
            {
                try
                {
                    var regex = new Regex(Regex, RegexOptions.None, TimeSpan.FromSeconds(1));
                    if (!regex.GetGroupNames().Contains("message"))
                        errors["regex"] = "The regular expression needs a named group 'message', e.g. (?<message>.*).";
                }
                catch (ArgumentException error)
                {
                    errors["regex"] = $"The regular expression is invalid: {error.Message}";
                }
            }
        }
        return errors;
    }

    public TimeZoneInfo ResolveTimeZone() =>
        !string.IsNullOrWhiteSpace(TimeZone) && TryFindTimeZone(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static bool TryFindTimeZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
