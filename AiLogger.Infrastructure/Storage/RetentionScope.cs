using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Logs;

namespace AiLogger.Infrastructure.Storage;

/// <summary>
/// The SQL condition selecting the rows a retention rule owns — it matches them and no earlier rule does — over a
/// table with a source and a level column (events, and their per-minute and per-hour counts).
/// </summary>
internal static class RetentionScope
{
    public static string Condition(ISqlDialect dialect, RetentionPolicy policy, int rule, string source, string level, SqlQuery query)
    {
        var earlier = rule == IRetentionStore.DefaultRule ? policy.Rules.Count : rule;
        var parts = new List<string>();
        if (rule != IRetentionStore.DefaultRule) parts.Add(Matches(dialect, policy.Rules[rule], source, level, query));
        for (var i = 0; i < earlier; i++) parts.Add(dialect.Not(Matches(dialect, policy.Rules[i], source, level, query)));
        return parts.Count == 0 ? dialect.True : string.Join(" AND ", parts);
    }

    private static string Matches(ISqlDialect dialect, RetentionRule rule, string source, string level, SqlQuery query)
    {
        var parts = new List<string>();
        if (rule.Levels.Count > 0) parts.Add($"{level} IN ({string.Join(", ", rule.Levels.Select(l => query.Add((int)l)))})");
        if (!string.IsNullOrEmpty(rule.Source))
            parts.Add(rule.Source.Contains('*')
                ? dialect.TextLike(source, query.Add(RollupQueryTranslator.LikePattern(rule.Source)))
                : dialect.TextEquals(source, query.Add(rule.Source)));
        return "(" + string.Join(" AND ", parts) + ")";
    }
}
