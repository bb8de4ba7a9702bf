using System.Diagnostics.CodeAnalysis;

namespace AiLogger.Domain.Alerts;

public static class AlertSeverities
{
    public const string AcceptedNames = "low, medium, high, critical";

    public static IReadOnlyList<AlertSeverity> All { get; } = Enum.GetValues<AlertSeverity>();

    public static bool TryParse(string? text, [NotNullWhen(true)] out AlertSeverity? severity)
    {
        severity = null;
        var trimmed = text?.Trim();
        foreach (var candidate in All)
        {
            if (!string.Equals(candidate.Name(), trimmed, StringComparison.OrdinalIgnoreCase)) continue;
            severity = candidate;
            return true;
        }
        return false;
    }

    /// <summary>The lower-case name used in the API and notifications.</summary>
    public static string Name(this AlertSeverity severity) => severity switch
    {
        AlertSeverity.Low => "low",
        AlertSeverity.Medium => "medium",
        AlertSeverity.High => "high",
        AlertSeverity.Critical => "critical",
        _ => severity.ToString().ToLowerInvariant(),
    };
}
