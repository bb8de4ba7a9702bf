namespace AiLogger.Domain.Logs.Query;

/// <summary>Case-insensitive match with <c>*</c> as "any characters" (ASCII case folding, as the database does).</summary>
public static class WildcardPattern
{
    public static bool IsMatch(string? text, string pattern)
    {
        if (text is null) return false;
        if (!pattern.Contains('*')) return string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase);
        return Match(text.AsSpan(), pattern.AsSpan());
    }

    private static bool Match(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        // Iterative glob with backtracking to the last '*'.
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])) { t++; p++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
