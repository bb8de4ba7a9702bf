using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiLogger.Domain.Traces;

namespace AiLogger.Web.Features.Traces;

/// <summary>How the LLM views write tokens, costs and the JSON calls carry.</summary>
public static class LlmFormat
{
    // Rendering escapes the text, so the JSON keeps its characters readable instead of \u003C.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = LlmLimits.MaxJsonDepth + 1 };

    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = LlmLimits.MaxJsonDepth };

    /// <summary>JSON indented; anything that is not JSON as it is.</summary>
    public static string Pretty(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '[')) return text;
        try
        {
            using var document = JsonDocument.Parse(text, Reading);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    public static bool LooksLikeJson(string? text, string? mimeType = null) =>
        mimeType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
        || (text is { Length: > 1 } t && t.AsSpan().TrimStart() is [ '{' or '[', ..]);

    public static string Tokens(long? tokens) => tokens is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>A cost in the table's currency (US dollars for the defaults), with the digits small sums need.</summary>
    public static string Cost(decimal? cost) => cost switch
    {
        null => "–",
        0m => "$0",
        < 0.01m => "$" + cost.Value.ToString("0.######", CultureInfo.InvariantCulture),
        _ => "$" + cost.Value.ToString("#,##0.00##", CultureInfo.InvariantCulture),
    };

    public static string Milliseconds(double? ms) => ms is { } v ? TraceFormat.Duration(v) : "–";

    /// <summary>The CSS class of a role: the four the conventions name, anything else as "other".</summary>
    public static string RoleClass(string role) => role.ToLowerInvariant() switch
    {
        "system" or "developer" => "role-system",
        "user" or "human" => "role-user",
        "assistant" or "model" or "ai" => "role-assistant",
        "tool" or "function" or "ipython" => "role-tool",
        _ => "role-other",
    };
}
