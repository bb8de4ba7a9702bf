namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// Splits text the way the keyword index does (runs of letters and digits, case-folded), so an
/// in-memory match (live tail, drop filters) agrees with a stored search.
/// </summary>
public static class FullTextTokens
{
    public static List<string> Tokenize(ReadOnlySpan<char> text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i])) i++;
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            if (i > start) tokens.Add(text[start..i].ToString().ToLowerInvariant());
        }
        return tokens;
    }

    /// <summary>
    /// True when <paramref name="phrase"/> (a query term, tokenised) occurs as consecutive tokens of the message or of
    /// the exception; the last token may be a prefix. The database calls this to confirm keyword-index candidates.
    /// </summary>
    public static bool ContainsPhrase(string? message, string? exception, string phrase, bool lastIsPrefix)
    {
        var terms = Tokenize(phrase);
        return ContainsPhrase(Tokenize(message), terms, lastIsPrefix) || ContainsPhrase(Tokenize(exception), terms, lastIsPrefix);
    }

    /// <summary>True when <paramref name="phrase"/> occurs as consecutive tokens; the last may be a prefix.</summary>
    public static bool ContainsPhrase(IReadOnlyList<string> tokens, IReadOnlyList<string> phrase, bool lastIsPrefix)
    {
        if (phrase.Count == 0) return true;
        for (var start = 0; start + phrase.Count <= tokens.Count; start++)
        {
            var all = true;
            for (var k = 0; k < phrase.Count && all; k++)
            {
                var isLast = k == phrase.Count - 1;
                all = isLast && lastIsPrefix
                    ? tokens[start + k].StartsWith(phrase[k], StringComparison.Ordinal)
                    : tokens[start + k] == phrase[k];
            }
            if (all) return true;
        }
        return false;
    }
}
