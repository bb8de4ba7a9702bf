using System.Globalization;
using System.Text;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The keyword index's document for one event, as a <c>tsvector</c> literal: the tokens of
/// <see cref="FullTextTokens.Tokenize"/> (the same SQLite's index and the live tail use, not PostgreSQL's parser,
/// so both providers find the same events), with their positions, so phrases are index lookups
/// (<c>a &lt;-&gt; b</c>). The exception's positions start one past the message's, so no phrase spans the two.
/// </summary>
public static class PostgresSearchDocument
{
    /// <summary>PostgreSQL's limits: positions above 16,383 are stored as 16,383; a lexeme keeps at most 256 positions and 2 KB.</summary>
    public const int MaxPosition = 16_383;
    private const int MaxPositionsPerLexeme = 255;
    private const int MaxLexemeBytes = 2_046;

    public static string Build(string? message, string? exception)
    {
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var next = 1;
        Add(message, positions, ref next);
        next++;
        Add(exception, positions, ref next);

        var text = new StringBuilder();
        foreach (var (lexeme, at) in positions)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append('\'').Append(lexeme).Append("':");
            for (var i = 0; i < at.Count; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(at[i].ToString(CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    /// <summary>A lexeme as a <c>tsquery</c> operand (tokens are letters and digits only, so no quoting is needed beyond the quotes).</summary>
    public static string Lexeme(string token, bool prefix) => "'" + token + "'" + (prefix ? ":*" : "");

    private static void Add(string? text, Dictionary<string, List<int>> positions, ref int next)
    {
        if (string.IsNullOrEmpty(text)) return;
        foreach (var token in FullTextTokens.Tokenize(text))
        {
            var position = Math.Min(next++, MaxPosition);
            if (Encoding.UTF8.GetByteCount(token) > MaxLexemeBytes) continue;
            if (!positions.TryGetValue(token, out var list)) positions[token] = list = [];
            if (list.Count < MaxPositionsPerLexeme && (list.Count == 0 || list[^1] != position)) list.Add(position);
        }
    }
}
