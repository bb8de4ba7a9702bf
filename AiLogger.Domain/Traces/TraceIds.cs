namespace AiLogger.Domain.Traces;

/// <summary>Trace and span ids as AI-Logger keeps them: lower-case hex, 32 and 16 characters, not all zero.</summary>
public static class TraceIds
{
    public static bool IsTraceId(string? text) => IsHex(text, 32);

    public static bool IsSpanId(string? text) => IsHex(text, 16);

    /// <summary>Lower-case hex of the bytes, or null for an empty (absent) id.</summary>
    public static string? ToHex(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? null : Convert.ToHexStringLower(bytes);

    /// <summary>The canonical form of an id given as text (hex in any case), or null when it is not one.</summary>
    public static string? Normalize(string? text, int length) =>
        text is not null && text.Length == length && IsHexDigits(text) ? text.ToLowerInvariant() : null;

    private static bool IsHex(string? text, int length) =>
        text is not null && text.Length == length && IsHexDigits(text) && text.Any(c => c != '0');

    private static bool IsHexDigits(string text) => text.All(char.IsAsciiHexDigit);
}
