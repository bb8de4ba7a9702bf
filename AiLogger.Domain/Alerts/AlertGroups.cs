using System.Globalization;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Alerts;

/// <summary>Narrows a rule's query to one group, for sample events and per-group previews.</summary>
public static class AlertGroups
{
    /// <summary>The condition "the event's <paramref name="groupBy"/> is <paramref name="key"/>"; null when it cannot be said exactly.</summary>
    public static QueryNode? Filter(string groupBy, string key)
    {
        if (key.Length == 0 || key.Contains('*')) return null;
        return groupBy.ToLowerInvariant() switch
        {
            "level" => LogLevels.TryParse(key, out var level) ? new LevelNode(ComparisonOperator.Equal, level) : null,
            "source" => new FieldNode(QueryField.Source, ComparisonOperator.Equal, key),
            "type" or "eventtype" => new FieldNode(QueryField.EventType, ComparisonOperator.Equal, key),
            "tag" or "tags" => new FieldNode(QueryField.Tag, ComparisonOperator.Equal, key),
            _ => new PropertyNode(groupBy, ComparisonOperator.Equal, key,
                double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null),
        };
    }

    /// <summary><paramref name="query"/> AND the group's filter (the query itself when the group cannot be filtered).</summary>
    public static LogQuery Narrow(LogQuery query, string? groupBy, string key)
    {
        if (groupBy is null || Filter(groupBy, key) is not { } filter) return query;
        var text = (query.MatchesAll ? "" : $"({query.Text}) ") + $"{groupBy}:\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        return new LogQuery(text, query.Root is null ? filter : new AndNode([query.Root, filter]));
    }
}
