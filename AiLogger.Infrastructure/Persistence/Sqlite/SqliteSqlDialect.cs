using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteSqlDialect : ISqlDialect
{
    public string FullTextMatch(string eventAlias, string ftsQueryParameter, (string Low, string High)? idRange = null) =>
        $"{eventAlias}.id IN (SELECT rowid FROM log_events_fts WHERE log_events_fts MATCH {ftsQueryParameter}" +
        (idRange is { } r ? $" AND rowid BETWEEN {r.Low} AND {r.High})" : ")");

    // The index keeps no positions (detail=none: a third cheaper to write), so it takes tokens, not phrases.
    public string FullTextQuery(IReadOnlyList<(IReadOnlyList<string> Tokens, bool Prefix)> terms) =>
        string.Join(' ', terms.SelectMany(t => t.Tokens.Select((token, i) => "\"" + token + "\"" + (t.Prefix && i == t.Tokens.Count - 1 ? "*" : ""))));

    public string PhraseMatch(string eventAlias, string phraseParameter, string prefixParameter) =>
        $"{SqliteDatabase.PhraseFunction}({eventAlias}.message, {eventAlias}.exception, {phraseParameter}, {prefixParameter})";

    public string JsonType(string eventAlias, string pathParameter) => $"json_type({eventAlias}.properties, {pathParameter})";

    public string JsonValue(string eventAlias, string pathParameter) => $"json_extract({eventAlias}.properties, {pathParameter})";

    public string JsonPath(string name) => "$.\"" + name + "\"";

    public string NestedJsonPath(string name) => "$" + string.Concat(name.Split('.').Select(part => ".\"" + part + "\""));

    public string TagsMatch(string eventAlias, string condition) =>
        $"EXISTS (SELECT 1 FROM json_each({eventAlias}.tags) AS t WHERE {condition})";

    public string TagValue => "t.value";
}
