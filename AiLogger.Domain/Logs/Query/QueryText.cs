using System.Globalization;
using System.Text.Json;

namespace AiLogger.Domain.Logs.Query;

/// <summary>Building query text from what a user clicks: "filter by this value", "exclude", facets.</summary>
public static class QueryText
{
    /// <summary><paramref name="query"/> AND <paramref name="term"/>; an OR at the top is kept together in parentheses.</summary>
    public static string And(string? query, string term)
    {
        if (string.IsNullOrWhiteSpace(query)) return term;
        var trimmed = query.Trim();
        var hasTopLevelOr = false;
        try
        {
            hasTopLevelOr = LogQuery.Parse(trimmed).Root is OrNode;
        }
        catch (LogQuerySyntaxException)
        {
            // A broken query is kept as typed; the parser will point at the problem.
        }
        return (hasTopLevelOr ? $"({trimmed})" : trimmed) + " " + term;
    }

    /// <summary><c>Name:value</c> (or <c>-Name:value</c>), quoted when the value needs it; null when the name cannot be written in a query.</summary>
    public static string? PropertyTerm(string name, JsonElement value, bool exclude = false)
    {
        if (!IsWritableName(name)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => Quote(value.GetString()!),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return text is null ? null : $"{(exclude ? "-" : "")}{name}:{text}";
    }

    /// <summary><c>field:value</c> for a built-in field (level, source, type, tag, trace).</summary>
    public static string FieldTerm(string field, string value, bool exclude = false) => $"{(exclude ? "-" : "")}{field}:{Quote(value)}";

    /// <summary>A value as the parser reads it back unchanged: bare when it can be, else in double quotes.</summary>
    public static string Quote(string value)
    {
        var bare = value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '(' or ')' or '*' or '\\')
                   && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return bare ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static bool IsWritableName(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '@')
        && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '@' or '$');
}
