namespace AiLogger.Infrastructure.Logs;

/// <summary>The provider-specific pieces of query translation (full-text, JSON, tags).</summary>
public interface ISqlDialect
{
    /// <summary>A condition true when the event's keyword index matches <paramref name="ftsQuery"/>.</summary>
    string FullTextMatch(string eventAlias, string ftsQueryParameter);

    /// <summary>Builds the provider's full-text query for an AND of terms.</summary>
    string FullTextQuery(IReadOnlyList<(IReadOnlyList<string> Tokens, bool Prefix)> terms);

    /// <summary>JSON type of a property: 'text', 'integer', 'real', 'true', 'false', 'null', 'object', 'array', or NULL.</summary>
    string JsonType(string eventAlias, string pathParameter);

    string JsonValue(string eventAlias, string pathParameter);

    /// <summary>The path expression for a property name (flat key).</summary>
    string JsonPath(string name);

    /// <summary>The path into nested objects (<c>a.b</c> → a, then b).</summary>
    string NestedJsonPath(string name);

    string TagsMatch(string eventAlias, string condition);

    /// <summary>Alias of the tag value inside <see cref="TagsMatch"/>.</summary>
    string TagValue { get; }
}
