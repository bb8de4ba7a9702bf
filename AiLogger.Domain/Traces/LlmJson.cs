using System.Globalization;
using System.Text.Json;

namespace AiLogger.Domain.Traces;

/// <summary>Reading attribute values whatever JSON type the sender chose (a number as a string, an array as JSON text).</summary>
internal static class LlmJson
{
    public static readonly JsonDocumentOptions Nested = new() { MaxDepth = LlmLimits.MaxJsonDepth };

    public static readonly JsonDocumentOptions Stored = new() { MaxDepth = LlmLimits.MaxStoredJsonDepth };

    /// <summary>A stored JSON text of the expected kind, or null when absent or unreadable.</summary>
    public static JsonDocument? ParseStored(string? json, JsonValueKind kind)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            var document = JsonDocument.Parse(json, Stored);
            if (document.RootElement.ValueKind == kind) return document;
            document.Dispose();
        }
        catch (JsonException)
        {
            // Stored attributes are always JSON; a span built elsewhere might not be, and then it carries nothing.
        }
        return null;
    }

    /// <summary>JSON carried in a text (messages, arguments), or null when the text is not JSON within the depth limit.</summary>
    public static JsonDocument? TryParseText(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '[' && trimmed[0] != '{')) return null;
        try
        {
            return JsonDocument.Parse(text, Nested);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;

    /// <summary>A string as itself, anything else as its JSON; empty text is null; cut at the text limit.</summary>
    public static string? Text(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString() is { Length: > 0 } s ? LlmLimits.Cut(s) : null,
        { } v => LlmLimits.Cut(v.GetRawText()),
    };

    public static string? Text(JsonElement element, string name) => Text(Get(element, name));

    public static long? Long(JsonElement? value)
    {
        if (value is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out var whole)) return Math.Max(0, whole);
            if (v.TryGetDouble(out var real) && double.IsFinite(real)) return (long)Math.Clamp(real, 0, long.MaxValue);
            return null;
        }
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return Math.Max(0, parsed);
        return null;
    }

    public static double? Double(JsonElement? value)
    {
        if (value is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var number) && double.IsFinite(number)) return number;
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)) return parsed;
        return null;
    }

    public static decimal? Decimal(JsonElement? value)
    {
        if (value is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number)) return number;
        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        return null;
    }

    /// <summary>
    /// Flattened indexed attributes (<c>llm.input_messages.0.message.role</c>): the members under
    /// <paramref name="prefix"/><c>N.</c>, grouped by N in ascending order, the rest of each key kept.
    /// </summary>
    public static SortedDictionary<int, Dictionary<string, JsonElement>> Indexed(IEnumerable<KeyValuePair<string, JsonElement>> members, string prefix)
    {
        var groups = new SortedDictionary<int, Dictionary<string, JsonElement>>();
        foreach (var (key, value) in members)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) continue;
            if (!groups.TryGetValue(index, out var group))
            {
                // Bounded: indices past what is kept are never gathered.
                if (groups.Count >= LlmLimits.MaxMessages * 2 && index > groups.Keys.Last()) continue;
                groups[index] = group = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            }
            group.TryAdd(key[(prefix.Length + dot + 1)..], value);
        }
        return groups;
    }

    public static IEnumerable<KeyValuePair<string, JsonElement>> Members(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)) : [];
}
