using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// A trace query (checked by <see cref="TraceQuery.Parse"/>) as a condition over one span, alias <c>s</c>, with the
/// meaning SQLite's translator gives it: words are contained in the name and wildcards match ASCII case-insensitively
/// (<c>COLLATE "C" ILIKE</c>, as SQLite's LIKE), equality is case-insensitive (the ICU collation of NOCASE columns),
/// attributes are read from their JSON text. Missing attributes yield NULL, which NOT treats as false.
/// </summary>
internal static class PostgresTraceQueryTranslator
{
    public const string Alias = "s";

    private const string Attributes = $"{Alias}.attributes::json";

    public static string Translate(QueryNode node, SqlQuery query) => node switch
    {
        AndNode and => "(" + string.Join(" AND ", and.Children.Select(c => Translate(c, query))) + ")",
        OrNode or => "(" + string.Join(" OR ", or.Children.Select(c => Translate(c, query))) + ")",
        NotNode not => $"NOT COALESCE({Translate(not.Child, query)}, false)",
        TextNode text => Like($"{Alias}.name", "%" + RollupQueryTranslator.LikePattern(text.Text) + "%", query),
        FieldNode { Field: QueryField.Source } field => TextCondition($"{Alias}.service", field.Value, query),
        FieldNode { Field: QueryField.TraceId } field when SpanKeys.TryOf(field.Value, out var key) && SpanKeys.IsPadded(field.Value, key) =>
            $"({Alias}.trace_key IN ({query.Add(key)}, {SpanKeys.LegacyPaddedKey}) AND {Alias}.trace_id = {query.Add(field.Value)})",
        FieldNode { Field: QueryField.TraceId } field when SpanKeys.TryOf(field.Value, out var key) =>
            $"({Alias}.trace_key = {query.Add(key)} AND {Alias}.trace_id = {query.Add(field.Value)})",
        FieldNode { Field: QueryField.TraceId } field => $"{Alias}.trace_id = {query.Add(field.Value)}",
        FieldNode { Field: QueryField.SpanId } field => $"{Alias}.span_id = {query.Add(field.Value)}",
        HasNode { Target: HasTarget.Trace } => "true",
        HasNode { Target: HasTarget.Exception } => $"({Alias}.status = 2 OR {Alias}.events COLLATE \"C\" ILIKE '%\"name\":\"exception\"%')",
        HasNode has => HasAttribute(has.PropertyName!, query),
        PropertyNode property => Property(property, query),
        _ => throw new NotSupportedException($"Query node {node.GetType().Name} has no translation over spans."),
    };

    /// <summary>Case-insensitive equality, or an ASCII case-insensitive LIKE when the value has <c>*</c> wildcards.</summary>
    public static string TextCondition(string expression, string value, SqlQuery query) => value.Contains('*')
        ? Like(expression, RollupQueryTranslator.LikePattern(value), query)
        : $"{expression} = {query.Add(value)} COLLATE {PostgresDbContext.CaseInsensitive}";

    private static string Like(string expression, string pattern, SqlQuery query) =>
        $"{expression} COLLATE \"C\" ILIKE {query.Add(pattern)} ESCAPE '\\'";

    private static string Property(PropertyNode p, SqlQuery query)
    {
        if (p.Operator == ComparisonOperator.NotEqual && p.Name.ToLowerInvariant() is not "duration")
            return $"NOT COALESCE({Property(p with { Operator = ComparisonOperator.Equal }, query)}, false)";
        switch (p.Name.ToLowerInvariant())
        {
            case "service":
                return TextCondition($"{Alias}.service", p.Value, query);
            case "name":
                return TextCondition($"{Alias}.name", p.Value, query);
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

        var key = query.Add(p.Name);
        return Compare(p, $"json_typeof({Attributes} -> {key})", $"({Attributes} ->> {key})", query);
    }

    /// <summary>
    /// A property term against a JSON value given by its type (<c>json_typeof</c>) and text (<c>-&gt;&gt;</c>): numbers
    /// compare numerically (as <c>numeric</c>, which holds any JSON number), text case-insensitively or in byte order for
    /// ranges (SQLite's BINARY), booleans by name — SQLite's <c>LogQuerySqlTranslator.Compare</c>, branch for branch.
    /// </summary>
    private static string Compare(PropertyNode p, string type, string value, SqlQuery query)
    {
        var isNumber = $"{type} = 'number'";
        if (p.Operator != ComparisonOperator.Equal)
            return p.Number is { } n
                ? $"({isNumber} AND {value}::numeric {RollupQueryTranslator.Operator(p.Operator)} {query.Add(n)}::numeric)"
                : $"({type} = 'string' AND {value} COLLATE \"C\" {RollupQueryTranslator.Operator(p.Operator)} {query.Add(p.Value)})";

        var branches = new List<string>();
        if (p.Number is { } number && !p.HasWildcard)
            branches.Add($"({isNumber} AND {value}::numeric = {query.Add(number)}::numeric)");
        else
            branches.Add($"({isNumber} AND {TextCondition(value, p.Value, query)})");
        branches.Add($"({type} = 'string' AND {TextCondition(value, p.Value, query)})");
        branches.Add($"({type} = 'boolean' AND {TextCondition(value, p.Value, query)})");
        return "(" + string.Join(" OR ", branches) + ")";
    }

    /// <summary><c>has:gen_ai</c>: an attribute of that name, or any whose name starts with it and a dot.</summary>
    private static string HasAttribute(string name, SqlQuery query)
    {
        if (name.Equals("gen_ai", StringComparison.OrdinalIgnoreCase)) return $"{Alias}.is_gen_ai";
        return $"({Attributes} -> {query.Add(name)} IS NOT NULL " +
               $"OR EXISTS (SELECT 1 FROM json_object_keys({Attributes}) AS a(key) WHERE {Like("a.key", RollupQueryTranslator.LikePattern(name) + ".%", query)}))";
    }
}
