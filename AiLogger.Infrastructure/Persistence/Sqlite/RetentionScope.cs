using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Storage;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The SQL condition selecting the rows a retention rule owns — it matches them and no earlier rule does — over a
/// table with a source and a level column (events, and their per-minute and per-hour counts).
/// </summary>
internal static class RetentionScope
{
    public static string Condition(RetentionPolicy policy, int rule, string source, string level, SqlQuery query)
    {
        var earlier = rule == IRetentionStore.DefaultRule ? policy.Rules.Count : rule;
        var parts = new List<string>();
        if (rule != IRetentionStore.DefaultRule) parts.Add(Matches(policy.Rules[rule], source, level, query));
        for (var i = 0; i < earlier; i++) parts.Add($"NOT COALESCE({Matches(policy.Rules[i], source, level, query)}, 0)");
        return parts.Count == 0 ? "1" : string.Join(" AND ", parts);
    }

    private static string Matches(RetentionRule rule, string source, string level, SqlQuery query)
    {
        var parts = new List<string>();
        if (rule.Levels.Count > 0) parts.Add($"{level} IN ({string.Join(", ", rule.Levels.Select(l => query.Add((int)l)))})");
        if (!string.IsNullOrEmpty(rule.Source))
            parts.Add(rule.Source.Contains('*')
                ? $"{source} LIKE {query.Add(RollupQueryTranslator.LikePattern(rule.Source))} ESCAPE '\\'"
                : $"{source} = {query.Add(rule.Source)} COLLATE NOCASE");
        return "(" + string.Join(" AND ", parts) + ")";
    }
}
