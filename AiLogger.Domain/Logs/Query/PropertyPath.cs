using System.Text.Json;

namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// Resolves a property name: first as a flat key (OpenTelemetry's <c>http.method</c>), then, when it has dots,
/// as a path into nested objects (<c>Request.Path</c>).
/// </summary>
public static class PropertyPath
{
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
