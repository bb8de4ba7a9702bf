using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The query language on PostgreSQL: keywords against the <c>search</c> tsvector (positions, so phrases are part of
/// the index lookup), properties through the <c>json</c> operators with SQLite's <c>json_type</c> names, text
/// equality under the case-insensitive collation and LIKE under "C" (PostgreSQL refuses LIKE on a nondeterministic
/// collation; ILIKE under "C" folds ASCII only, as SQLite's LIKE does).
/// </summary>
internal sealed class PostgresSqlDialect : ISqlDialect
{
    public static readonly PostgresSqlDialect Instance = new();

    public string FullTextMatch(string eventAlias, string ftsQueryParameter, (string Low, string High)? idRange = null) =>
        $"{eventAlias}.search @@ CAST({ftsQueryParameter} AS tsquery)" +
        (idRange is { } r ? $" AND {eventAlias}.id BETWEEN {r.Low} AND {r.High}" : "");

    public bool IndexMatchesPhrases => true;

    /// <summary>Terms joined by <c>&amp;</c>, the tokens of one term by <c>&lt;-&gt;</c>; the last token of a prefix term <c>:*</c>.</summary>
    public string FullTextQuery(IReadOnlyList<(IReadOnlyList<string> Tokens, bool Prefix)> terms) =>
        string.Join(" & ", terms.Select(t =>
        {
            var lexemes = t.Tokens.Select((token, i) => PostgresSearchDocument.Lexeme(token, t.Prefix && i == t.Tokens.Count - 1)).ToList();
            return lexemes.Count == 1 ? lexemes[0] : "(" + string.Join(" <-> ", lexemes) + ")";
        }));

    // FullTextMatch holds the phrase already; the translator asks for this only where the index has no positions.
    public string PhraseMatch(string eventAlias, string phraseParameter, string prefixParameter) => True;

    public string JsonType(string eventAlias, string pathParameter) => Type($"{eventAlias}.properties #> CAST({pathParameter} AS text[])");

    public string JsonValue(string eventAlias, string pathParameter) => $"({eventAlias}.properties #>> CAST({pathParameter} AS text[]))";

    // A CASE, not "type AND cast": PostgreSQL may evaluate the operands of AND in any order.
    public string JsonNumber(string type, string value) => $"(CASE WHEN {type} IN ('integer','real') THEN CAST({value} AS double precision) END)";

    // #>> keeps a number's text as sent.
    public string JsonNumberText(string value) => value;

    /// <summary>Paths are text[] literals, a flat key one element long.</summary>
    public string JsonPath(string name) => "{" + Element(name) + "}";

    public string NestedJsonPath(string name) => "{" + string.Join(',', name.Split('.').Select(Element)) + "}";

    public string TagsMatch(string eventAlias, string condition) =>
        $"EXISTS (SELECT 1 FROM json_array_elements_text(CASE WHEN json_typeof({eventAlias}.tags) = 'array' THEN {eventAlias}.tags END) AS t(value) WHERE {condition})";

    public string TagValue => "t.value";

    public string True => "true";

    public string Not(string condition) => $"NOT COALESCE({condition}, false)";

    public string TextEquals(string expression, string parameter) => $"{expression} = {parameter} COLLATE {PostgresDbContext.CaseInsensitive}";

    public string TextLike(string expression, string parameter) => $"{expression} COLLATE \"C\" ILIKE {parameter} ESCAPE '\\'";

    public string TextCompare(string expression, string op, string parameter) => $"{expression} COLLATE \"C\" {op} {parameter}";

    private static string Element(string part) => "\"" + part.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>SQLite's json_type names (numbers all 'real': only "is a number" is asked), booleans as 'true'/'false'.</summary>
    private static string Type(string member) =>
        $"(CASE json_typeof({member}) WHEN 'string' THEN 'text' WHEN 'number' THEN 'real' WHEN 'boolean' THEN {member} #>> '{{}}' ELSE json_typeof({member}) END)";
}
