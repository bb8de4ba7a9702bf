using System.Text.Json;

namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// Resolves a property name: first as a flat key (OpenTelemetry's <c>http.method</c>), then, when it has dots,
/// as a path into nested objects (<c>Request.Path</c>).
/// </summary>
public static class PropertyPath
{
    /// <summary>What the query language reads as a property name: a letter, _ or @, then letters, digits and _ . - @ $.</summary>
    public const string NameRule = "a letter, _ or @, then letters, digits and _ . - @ $";

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && (char.IsLetter(name[0]) || name[0] is '_' or '@')
        && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '@' or '$');

    public static bool TryResolve(JsonElement root, string name, out JsonElement value)
    {
        if (root.TryGetProperty(name, out value)) return true;
        if (!name.Contains('.')) return false;
        var current = root;
        foreach (var part in name.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                value = default;
                return false;
            }
        }
        value = current;
        return true;
    }
}
