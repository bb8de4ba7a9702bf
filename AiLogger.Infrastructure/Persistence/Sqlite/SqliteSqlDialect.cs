using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteSqlDialect : ISqlDialect
{
    /// <summary>For the SQLite-only translators (spans) that share the log translator's comparisons.</summary>
    public static readonly SqliteSqlDialect Instance = new();

    public string FullTextMatch(string eventAlias, string ftsQueryParameter, (string Low, string High)? idRange = null) =>
        $"{eventAlias}.id IN (SELECT rowid FROM log_events_fts WHERE log_events_fts MATCH {ftsQueryParameter}" +
        (idRange is { } r ? $" AND rowid BETWEEN {r.Low} AND {r.High})" : ")");

    // The index keeps no positions (detail=none: a third cheaper to write), so it takes tokens, not phrases.
    public bool IndexMatchesPhrases => false;

    public string FullTextQuery(IReadOnlyList<(IReadOnlyList<string> Tokens, bool Prefix)> terms) =>
        string.Join(' ', terms.SelectMany(t => t.Tokens.Select((token, i) => "\"" + token + "\"" + (t.Prefix && i == t.Tokens.Count - 1 ? "*" : ""))));

    public string PhraseMatch(string eventAlias, string phraseParameter, string prefixParameter) =>
        $"{SqliteDatabase.PhraseFunction}({eventAlias}.message, {eventAlias}.exception, {phraseParameter}, {prefixParameter})";

    public string JsonType(string eventAlias, string pathParameter) => $"json_type({eventAlias}.properties, {pathParameter})";

    public string JsonValue(string eventAlias, string pathParameter) => $"json_extract({eventAlias}.properties, {pathParameter})";

    // json_extract already gives a number for a JSON number.
    public string JsonNumber(string type, string value) => value;

    public string JsonNumberText(string value) => $"CAST({value} AS TEXT)";

    public string JsonPath(string name) => "$.\"" + name + "\"";

    public string NestedJsonPath(string name) => "$" + string.Concat(name.Split('.').Select(part => ".\"" + part + "\""));

    public string TagsMatch(string eventAlias, string condition) =>
        $"EXISTS (SELECT 1 FROM json_each({eventAlias}.tags) AS t WHERE {condition})";

    public string TagValue => "t.value";

    public string True => "1";

    public string Not(string condition) => $"NOT COALESCE({condition}, 0)";

    public string TextEquals(string expression, string parameter) => $"{expression} = {parameter} COLLATE NOCASE";

    // SQLite's LIKE folds ASCII case by itself.
    public string TextLike(string expression, string parameter) => $"{expression} LIKE {parameter} ESCAPE '\\'";

    public string TextCompare(string expression, string op, string parameter) => $"{expression} {op} {parameter}";
}
