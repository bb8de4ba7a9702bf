namespace AiLogger.Infrastructure.Logs;

/// <summary>The provider-specific pieces of query translation (full-text, JSON, tags, text comparison, booleans).</summary>
public interface ISqlDialect
{
    /// <summary>
    /// A condition true when the event's keyword index matches the query; with <paramref name="idRange"/>, the index
    /// is asked only for ids in that range (a block of a newest-first search).
    /// </summary>
    string FullTextMatch(string eventAlias, string ftsQueryParameter, (string Low, string High)? idRange = null);

    /// <summary>
    /// Whether <see cref="FullTextMatch"/> already requires the tokens of a term to be adjacent (an index with
    /// positions); otherwise each term of several tokens is confirmed with <see cref="PhraseMatch"/>.
    /// </summary>
    bool IndexMatchesPhrases { get; }

    /// <summary>True when the phrase's tokens are adjacent in the message or the exception (<see cref="Domain.Logs.Query.FullTextTokens.ContainsPhrase(string?, string?, string, bool)"/>).</summary>
    string PhraseMatch(string eventAlias, string phraseParameter, string prefixParameter);

    /// <summary>Builds the provider's full-text query: every token of every term; the last token of a prefix term as a prefix.</summary>
    string FullTextQuery(IReadOnlyList<(IReadOnlyList<string> Tokens, bool Prefix)> terms);

    /// <summary>JSON type of a property: 'text', 'integer', 'real', 'true', 'false', 'null', 'object', 'array', or NULL.</summary>
    string JsonType(string eventAlias, string pathParameter);

    string JsonValue(string eventAlias, string pathParameter);

    /// <summary>A JSON value whose <paramref name="type"/> is 'integer' or 'real', as a number to compare.</summary>
    string JsonNumber(string type, string value);

    /// <summary>A JSON number value as text (for wildcard matches such as <c>status_code:5*</c>).</summary>
    string JsonNumberText(string value);

    /// <summary>The path expression for a property name (flat key).</summary>
    string JsonPath(string name);

    /// <summary>The path into nested objects (<c>a.b</c> → a, then b).</summary>
    string NestedJsonPath(string name);

    string TagsMatch(string eventAlias, string condition);

    /// <summary>Alias of the tag value inside <see cref="TagsMatch"/>.</summary>
    string TagValue { get; }

    /// <summary>A condition that is always true.</summary>
    string True { get; }

    /// <summary>The negation of a condition that may be NULL (a missing field), NULL counting as false.</summary>
    string Not(string condition);

    /// <summary>Case-insensitive equality of text.</summary>
    string TextEquals(string expression, string parameter);

    /// <summary>A LIKE pattern (<c>%</c>, <c>_</c>, backslash escapes), ASCII letters case-insensitively.</summary>
    string TextLike(string expression, string parameter);

    /// <summary>An ordering comparison of text by code points.</summary>
    string TextCompare(string expression, string op, string parameter);
}
