using System.Diagnostics.CodeAnalysis;

namespace AiLogger.Domain.Logs;

/// <summary>Every common spelling of a level, case-insensitively (DESIGN §3).</summary>
public static class LogLevels
{
    public static IReadOnlyList<LogLevel> All { get; } = Enum.GetValues<LogLevel>();

    private static readonly Dictionary<string, LogLevel> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["trace"] = LogLevel.Verbose, ["vrb"] = LogLevel.Verbose, ["verbose"] = LogLevel.Verbose, ["trc"] = LogLevel.Verbose,
        ["dbg"] = LogLevel.Debug, ["debug"] = LogLevel.Debug, ["dbug"] = LogLevel.Debug,
        ["info"] = LogLevel.Information, ["inf"] = LogLevel.Information, ["information"] = LogLevel.Information,
        ["notice"] = LogLevel.Information, ["informational"] = LogLevel.Information,
        ["warn"] = LogLevel.Warning, ["wrn"] = LogLevel.Warning, ["warning"] = LogLevel.Warning,
        ["err"] = LogLevel.Error, ["eror"] = LogLevel.Error, ["error"] = LogLevel.Error, ["fail"] = LogLevel.Error,
        ["fatal"] = LogLevel.Fatal, ["ftl"] = LogLevel.Fatal, ["critical"] = LogLevel.Fatal, ["crit"] = LogLevel.Fatal,
        ["emerg"] = LogLevel.Fatal, ["emergency"] = LogLevel.Fatal, ["alert"] = LogLevel.Fatal, ["panic"] = LogLevel.Fatal,
    };

    /// <summary>Names users may type, for error messages.</summary>
    public const string AcceptedNames = "verbose/trace, debug, information/info, warning/warn, error/err, fatal/critical";

    public static bool TryParse(string? text, out LogLevel level)
    {
        level = LogLevel.Information;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (Aliases.TryGetValue(trimmed, out level)) return true;
        // "0".."5" are the stored values themselves.
        if (trimmed.Length == 1 && trimmed[0] is >= '0' and <= '5')
        {
            level = (LogLevel)(trimmed[0] - '0');
            return true;
        }
        return false;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out LogLevel level)
    {
        var lookup = Aliases.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text.Trim(), out level)) return true;
        return TryParse(text.ToString(), out level);
    }

    /// <summary>
    /// <see cref="TryParse(string?, out LogLevel)"/>, then a leading part of at least three letters of a level name
    /// or alias (<c>Warn</c>, <c>Informational</c>'s <c>Inform</c>, <c>ERR!</c>); for clients with their own spellings.
    /// </summary>
    public static bool TryParseFuzzy(string? text, out LogLevel level)
    {
        if (TryParse(text, out level)) return true;
        if (text is null) return false;
        var letters = new string(text.Where(char.IsLetter).ToArray());
        if (letters.Length < 3) return false;
        foreach (var (alias, value) in Aliases)
        {
            if (alias.Length >= 3 && (alias.StartsWith(letters, StringComparison.OrdinalIgnoreCase)
                                      || letters.StartsWith(alias, StringComparison.OrdinalIgnoreCase)))
            {
                level = value;
                return true;
            }
        }
        return false;
    }

    /// <summary>OTLP SeverityNumber: 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal.</summary>
    public static bool TryFromOtlpSeverity(int severityNumber, [NotNullWhen(true)] out LogLevel? level)
    {
        level = severityNumber switch
        {
            >= 1 and <= 4 => LogLevel.Verbose,
            >= 5 and <= 8 => LogLevel.Debug,
            >= 9 and <= 12 => LogLevel.Information,
            >= 13 and <= 16 => LogLevel.Warning,
            >= 17 and <= 20 => LogLevel.Error,
            >= 21 and <= 24 => LogLevel.Fatal,
            _ => null,
        };
        return level is not null;
    }

    public static string Name(this LogLevel level) => level switch
    {
        LogLevel.Verbose => "Verbose",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Fatal => "Fatal",
        _ => level.ToString(),
    };
}
