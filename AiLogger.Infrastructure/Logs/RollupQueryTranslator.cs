using AiLogger.Domain.Logs.Query;

namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// Translates a query that only filters on level and source into a condition over the per-minute rollups
/// (alias <c>r</c>); null when the query needs the events themselves. Counts then cost a few hundred rows,
/// whatever the size of the store.
/// </summary>
public sealed class RollupQueryTranslator(ISqlDialect dialect)
{
    public const string Alias = "r";

    /// <returns>The condition, "1" for the empty query, or null when the rollups cannot answer.</returns>
    public string? Translate(QueryNode? node, SqlQuery query) => node is null ? dialect.True : TranslateNode(node, query);

    private string? TranslateNode(QueryNode node, SqlQuery query)
    {
        switch (node)
        {
            case AndNode and:
                return Join(and.Children, " AND ", query);
            case OrNode or:
                return Join(or.Children, " OR ", query);
            case NotNode not:
                return TranslateNode(not.Child, query) is { } inner ? $"NOT ({inner})" : null;
            case LevelNode level:
                return $"{Alias}.level {Operator(level.Operator)} {query.Add((int)level.Level)}";
            case FieldNode { Field: QueryField.Source } source:
                // Events without a source are rolled up under '', which no source: term matches.
                return source.HasWildcard
                    ? $"({Alias}.source <> '' AND {dialect.TextLike($"{Alias}.source", query.Add(LikePattern(source.Value)))})"
                    : dialect.TextEquals($"{Alias}.source", query.Add(source.Value));
            default:
                return null;
        }
    }

    private string? Join(IReadOnlyList<QueryNode> children, string separator, SqlQuery query)
    {
        var parts = new List<string>(children.Count);
        foreach (var child in children)
        {
            if (TranslateNode(child, query) is not { } part) return null;
            parts.Add(part);
        }
        return "(" + string.Join(separator, parts) + ")";
    }

    internal static string LikePattern(string value)
    {
        var pattern = new System.Text.StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '%' or '_' or '\\') pattern.Append('\\').Append(c);
            else pattern.Append(c == '*' ? '%' : c);
        }
        return pattern.ToString();
    }

    /// <summary>The SQL operator of a query comparison (both translators).</summary>
    internal static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        _ => throw new NotSupportedException(op.ToString()),
    };
}
