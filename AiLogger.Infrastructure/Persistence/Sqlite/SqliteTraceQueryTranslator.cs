using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// A trace query (checked by <see cref="TraceQuery.Parse"/>) as a condition over one span, alias <c>s</c>: the
/// whole query holds for one span. Missing attributes yield NULL, which NOT treats as false (as for events).
/// </summary>
internal static class SqliteTraceQueryTranslator
{
    public const string Alias = "s";

    public static string Translate(QueryNode node, SqlQuery query) => node switch
    {
        AndNode and => "(" + string.Join(" AND ", and.Children.Select(c => Translate(c, query))) + ")",
        OrNode or => "(" + string.Join(" OR ", or.Children.Select(c => Translate(c, query))) + ")",
        NotNode not => $"NOT COALESCE({Translate(not.Child, query)}, 0)",
        TextNode text => Contains($"{Alias}.name", text.Text, query),
        FieldNode { Field: QueryField.Source } field => Matches($"{Alias}.service", field.Value, query),
        FieldNode { Field: QueryField.TraceId } field when SpanKeys.TryOf(field.Value, out var key) && SpanKeys.IsPadded(field.Value, key) =>
            $"({Alias}.trace_key IN ({query.Add(key)}, {SpanKeys.LegacyPaddedKey}) AND {Alias}.trace_id = {query.Add(field.Value)})",
        FieldNode { Field: QueryField.TraceId } field when SpanKeys.TryOf(field.Value, out var key) => $"({Alias}.trace_key = {query.Add(key)} AND {Alias}.trace_id = {query.Add(field.Value)})",
        FieldNode { Field: QueryField.TraceId } field => $"{Alias}.trace_id = {query.Add(field.Value)}",
        FieldNode { Field: QueryField.SpanId } field => $"{Alias}.span_id = {query.Add(field.Value)}",
        HasNode { Target: HasTarget.Trace } => "1",
        HasNode { Target: HasTarget.Exception } => $"({Alias}.status = 2 OR {Alias}.events LIKE '%\"name\":\"exception\"%')",
        HasNode has => HasAttribute(has.PropertyName!, query),
        PropertyNode property => Property(property, query),
        _ => throw new NotSupportedException($"Query node {node.GetType().Name} has no translation over spans."),
    };

    private static string Property(PropertyNode p, SqlQuery query)
    {
        if (p.Operator == ComparisonOperator.NotEqual && p.Name.ToLowerInvariant() is not "duration")
            return $"NOT COALESCE({Property(p with { Operator = ComparisonOperator.Equal }, query)}, 0)";
        switch (p.Name.ToLowerInvariant())
        {
            case "service":
                return Matches($"{Alias}.service", p.Value, query);
            case "name":
                return Matches($"{Alias}.name", p.Value, query);
            case "status":
                TraceQuery.TryReadStatus(p.Value, out var status);
                // A literal, so that the partial index of failed spans applies.
                return $"{Alias}.status = {(int)status}";
            case "kind":
                TraceQuery.TryReadKind(p.Value, out var kind);
                return $"{Alias}.kind = {(int)kind}";
            case "duration":
                TraceQuery.TryReadDuration(p.Value, out var nanos);
                return $"{Alias}.duration {RollupQueryTranslator.Operator(p.Operator)} {query.Add(nanos)}";
        }

        var path = query.Add("$.\"" + p.Name + "\"");
        return LogQuerySqlTranslator.Compare(SqliteSqlDialect.Instance, p, $"json_type({Alias}.attributes, {path})", $"json_extract({Alias}.attributes, {path})", query);
    }

    /// <summary><c>has:gen_ai</c>: an attribute of that name, or any whose name starts with it and a dot.</summary>
    private static string HasAttribute(string name, SqlQuery query)
    {
        if (name.Equals("gen_ai", StringComparison.OrdinalIgnoreCase)) return $"{Alias}.is_gen_ai = 1";
        return $"(json_type({Alias}.attributes, {query.Add("$.\"" + name + "\"")}) IS NOT NULL " +
               $"OR EXISTS (SELECT 1 FROM json_each({Alias}.attributes) AS a WHERE a.key LIKE {query.Add(RollupQueryTranslator.LikePattern(name) + ".%")} ESCAPE '\\'))";
    }

    private static string Matches(string expression, string value, SqlQuery query) => LogQuerySqlTranslator.TextCondition(SqliteSqlDialect.Instance, expression, value, query);

    /// <summary>A word or phrase of the query: contained in the span's name, case-insensitively (ASCII).</summary>
    private static string Contains(string expression, string text, SqlQuery query) =>
        $"{expression} LIKE {query.Add("%" + RollupQueryTranslator.LikePattern(text) + "%")} ESCAPE '\\'";
}
