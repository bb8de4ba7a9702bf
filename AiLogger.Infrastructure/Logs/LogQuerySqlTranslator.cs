using AiLogger.Domain.Logs.Query;

namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// Translates a query AST into a parameterised SQL condition over the events table (alias <c>e</c>), with the
/// same meaning as <see cref="LogQueryMatcher"/>. Leaves may yield NULL for a missing field; NOT treats that
/// as false, as the matcher does.
/// </summary>
public sealed class LogQuerySqlTranslator(ISqlDialect dialect)
{
    public const string Alias = "e";

    /// <param name="idRange">Parameters bounding the ids the keyword index is asked about (block searches).</param>
    public string Translate(QueryNode node, SqlQuery query, (string Low, string High)? idRange = null) =>
        new Translation(dialect, query, idRange).Translate(node);

    /// <summary>The words of the query that every match must contain (those under AND only), tokenised.</summary>
    public static IReadOnlyList<string> RequiredTokens(QueryNode? node) => node switch
    {
        TextNode { IsPrefix: false } text => FullTextTokens.Tokenize(text.Text),
        TextNode { IsPrefix: true } text => FullTextTokens.Tokenize(text.Text).SkipLast(1).ToList(),
        AndNode and => and.Children.SelectMany(RequiredTokens).ToList(),
        _ => [],
    };

    public static bool UsesFullText(QueryNode? node) => node switch
    {
        TextNode => true,
        AndNode and => and.Children.Any(UsesFullText),
        OrNode or => or.Children.Any(UsesFullText),
        NotNode not => UsesFullText(not.Child),
        _ => false,
    };

    /// <summary>
    /// A property term (<c>:</c>, <c>&gt;</c>, …, not <c>!=</c>) against a JSON value given by its type and value
    /// expressions: numbers compare numerically, text case-insensitively (<c>*</c> a wildcard), booleans by name.
    /// Used for event properties and span attributes alike.
    /// </summary>
    internal static string Compare(ISqlDialect dialect, PropertyNode p, string type, string value, SqlQuery query)
    {
        var isNumber = $"{type} IN ('integer','real')";
        if (p.Operator != ComparisonOperator.Equal)
            return p.Number is { } n
                ? $"({isNumber} AND {dialect.JsonNumber(type, value)} {RollupQueryTranslator.Operator(p.Operator)} {query.Add(n)})"
                : $"({type} = 'text' AND {dialect.TextCompare(value, RollupQueryTranslator.Operator(p.Operator), query.Add(p.Value))})";

        var branches = new List<string>();
        if (p.Number is { } number && !p.HasWildcard)
            branches.Add($"({isNumber} AND {dialect.JsonNumber(type, value)} = {query.Add(number)})");
        else
            branches.Add($"({isNumber} AND {TextCondition(dialect, dialect.JsonNumberText(value), p.Value, query)})");
        branches.Add($"({type} = 'text' AND {TextCondition(dialect, value, p.Value, query)})");
        branches.Add($"({type} IN ('true','false') AND {TextCondition(dialect, type, p.Value, query)})");
        return "(" + string.Join(" OR ", branches) + ")";
    }

    /// <summary>Case-insensitive equality, or LIKE when the value has <c>*</c> wildcards.</summary>
    internal static string TextCondition(ISqlDialect dialect, string expression, string value, SqlQuery query) => value.Contains('*')
        ? dialect.TextLike(expression, query.Add(RollupQueryTranslator.LikePattern(value)))
        : dialect.TextEquals(expression, query.Add(value));

    private sealed class Translation(ISqlDialect dialect, SqlQuery query, (string Low, string High)? idRange)
    {
        public string Translate(QueryNode node) => node switch
        {
            AndNode and => TranslateAnd(and, query),
            OrNode or => "(" + string.Join(" OR ", or.Children.Select(Translate)) + ")",
            NotNode not => dialect.Not(Translate(not.Child)),
            TextNode text => FullText([text], query),
            LevelNode level => $"{Alias}.level {RollupQueryTranslator.Operator(level.Operator)} {query.Add((int)level.Level)}",
            FieldNode field => TranslateField(field, query),
            HasNode has => has.Target switch
            {
                HasTarget.Exception => $"({Alias}.exception IS NOT NULL AND {Alias}.exception <> '')",
                HasTarget.Trace => $"({Alias}.trace_id IS NOT NULL AND {Alias}.trace_id <> '')",
                _ => $"({Property(has.PropertyName!, query).Type} IS NOT NULL)",
            },
            PropertyNode property => TranslateProperty(property, query),
            _ => throw new NotSupportedException($"Query node {node.GetType().Name} has no SQL translation."),
        };

        private string TranslateAnd(AndNode and, SqlQuery query)
        {
            // Adjacent words go to the keyword index as one query, which is much cheaper than one lookup each.
            var texts = and.Children.OfType<TextNode>().ToList();
            var parts = new List<string>();
            if (texts.Count > 0) parts.Add(FullText(texts, query));
            parts.AddRange(and.Children.Where(c => c is not TextNode).Select(Translate));
            return "(" + string.Join(" AND ", parts) + ")";
        }

        private string FullText(IReadOnlyList<TextNode> texts, SqlQuery query)
        {
            var terms = texts
                .Select(t => (Node: t, Tokens: (IReadOnlyList<string>)FullTextTokens.Tokenize(t.Text)))
                .Where(t => t.Tokens.Count > 0)
                .ToList();
            if (terms.Count == 0) return dialect.True;
            // The index finds events holding every token; terms of several tokens are then checked for adjacency.
            var conditions = new List<string> { dialect.FullTextMatch(Alias, query.Add(dialect.FullTextQuery(terms.Select(t => (t.Tokens, t.Node.IsPrefix)).ToList())), idRange) };
            foreach (var (node, tokens) in terms.Where(t => t.Tokens.Count > 1 && !dialect.IndexMatchesPhrases))
                conditions.Add(dialect.PhraseMatch(Alias, query.Add(node.Text), query.Add(node.IsPrefix ? 1 : 0)));
            return conditions.Count == 1 ? conditions[0] : "(" + string.Join(" AND ", conditions) + ")";
        }

        private string TranslateField(FieldNode field, SqlQuery query)
        {
            if (field.Field == QueryField.Tag)
                return dialect.TagsMatch(Alias, TextCondition(dialect, dialect.TagValue, field.Value, query));
            var column = field.Field switch
            {
                QueryField.Source => "source",
                QueryField.EventType => "event_type",
                QueryField.TraceId => "trace_id",
                QueryField.SpanId => "span_id",
                _ => throw new NotSupportedException(field.Field.ToString()),
            };
            return TextCondition(dialect, $"{Alias}.{column}", field.Value, query);
        }

        private string TranslateProperty(PropertyNode p, SqlQuery query)
        {
            if (p.Operator == ComparisonOperator.NotEqual)
                return dialect.Not(TranslateProperty(p with { Operator = ComparisonOperator.Equal }, query));

            var (type, value) = Property(p.Name, query);
            return Compare(dialect, p, type, value, query);
        }

        private (string Type, string Value) Property(string name, SqlQuery query)
        {
            var flat = query.Add(dialect.JsonPath(name));
            if (!name.Contains('.'))
                return (dialect.JsonType(Alias, flat), dialect.JsonValue(Alias, flat));
            var nested = query.Add(dialect.NestedJsonPath(name));
            var flatType = dialect.JsonType(Alias, flat);
            return ($"COALESCE({flatType}, {dialect.JsonType(Alias, nested)})",
                $"(CASE WHEN {flatType} IS NOT NULL THEN {dialect.JsonValue(Alias, flat)} ELSE {dialect.JsonValue(Alias, nested)} END)");
        }

    }
}
