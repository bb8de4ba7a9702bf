using System.Diagnostics.CodeAnalysis;

namespace AiLogger.Domain.Alerts;

/// <summary>Comparisons as written in rules: <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>==</c>, <c>!=</c> (or gt, gte, lt, lte, eq, ne).</summary>
public static class AlertComparisons
{
    public const string AcceptedNames = ">, >=, <, <=, ==, != (or gt, gte, lt, lte, eq, ne)";

    private static readonly Dictionary<string, AlertComparison> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        [">"] = AlertComparison.GreaterThan, ["gt"] = AlertComparison.GreaterThan, ["above"] = AlertComparison.GreaterThan,
        [">="] = AlertComparison.GreaterOrEqual, ["gte"] = AlertComparison.GreaterOrEqual, ["ge"] = AlertComparison.GreaterOrEqual,
        ["<"] = AlertComparison.LessThan, ["lt"] = AlertComparison.LessThan, ["below"] = AlertComparison.LessThan,
        ["<="] = AlertComparison.LessOrEqual, ["lte"] = AlertComparison.LessOrEqual, ["le"] = AlertComparison.LessOrEqual,
        ["=="] = AlertComparison.Equal, ["="] = AlertComparison.Equal, ["eq"] = AlertComparison.Equal,
        ["!="] = AlertComparison.NotEqual, ["<>"] = AlertComparison.NotEqual, ["ne"] = AlertComparison.NotEqual,
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out AlertComparison? comparison)
    {
        comparison = null;
        if (text is null || !Names.TryGetValue(text.Trim(), out var found)) return false;
        comparison = found;
        return true;
    }

    public static string Symbol(this AlertComparison comparison) => comparison switch
    {
        AlertComparison.GreaterThan => ">",
        AlertComparison.GreaterOrEqual => ">=",
        AlertComparison.LessThan => "<",
        AlertComparison.LessOrEqual => "<=",
        AlertComparison.Equal => "==",
        AlertComparison.NotEqual => "!=",
        _ => comparison.ToString(),
    };

    /// <summary>True when <c>value OP threshold</c>.</summary>
    public static bool Holds(this AlertComparison comparison, double value, double threshold) => comparison switch
    {
        AlertComparison.GreaterThan => value > threshold,
        AlertComparison.GreaterOrEqual => value >= threshold,
        AlertComparison.LessThan => value < threshold,
        AlertComparison.LessOrEqual => value <= threshold,
        AlertComparison.Equal => value == threshold,
        AlertComparison.NotEqual => value != threshold,
        _ => false,
    };
}
