using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Domain.Alerts;

/// <summary>
/// A metric rule's filter as people write it, <c>state=used, host=gpu-1</c>: attribute key = value pairs, where
/// <c>service</c>, <c>host</c> and <c>scope</c> narrow by the series' resource rather than by an attribute.
/// </summary>
public static class MetricRuleFilter
{
    public const int MaxPairs = 20;
    public const int MaxLength = 2_000;

    /// <summary>The pairs of <paramref name="text"/>, or the reason it is not a filter.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? text, out string? error)
    {
        error = null;
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return pairs;
        if (text.Length > MaxLength)
        {
            error = $"The filter is longer than {MaxLength} characters.";
            return pairs;
        }
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            var key = equals > 0 ? part[..equals].Trim() : string.Empty;
            if (key.Length == 0 || equals == part.Length - 1)
            {
                error = $"'{part}' is not key=value; write the filter as state=used, mountpoint=/ (comma between pairs).";
                return pairs;
            }
            if (!pairs.TryAdd(key, part[(equals + 1)..].Trim()))
            {
                error = $"'{key}' appears twice in the filter; a series has one value per key.";
                return pairs;
            }
        }
        if (pairs.Count > MaxPairs) error = $"The filter has {pairs.Count} pairs; at most {MaxPairs}.";
        return pairs;
    }

    public static string Format(IReadOnlyDictionary<string, string> filter) =>
        string.Join(", ", filter.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The series a rule reads: <paramref name="metric"/> narrowed by <paramref name="filter"/>.</summary>
    public static MetricSelector Selector(string metric, IReadOnlyDictionary<string, string> filter) => new()
    {
        Name = metric,
        Service = filter.GetValueOrDefault("service"),
        Host = filter.GetValueOrDefault("host"),
        Scope = filter.GetValueOrDefault("scope"),
        Attributes = filter.Where(p => p.Key is not ("service" or "host" or "scope")).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
    };

    /// <summary>Group-by keys of a metric rule, <c>host, mountpoint</c> → [host, mountpoint].</summary>
    public static IReadOnlyList<string> GroupKeys(string? groupBy) =>
        string.IsNullOrWhiteSpace(groupBy) ? [] : groupBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The instance key of one chart line: its group's values, <c>host=a, mountpoint=/</c>.</summary>
    public static string GroupKey(IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> group) =>
        string.Join(", ", keys.Select(k => $"{k}={group.GetValueOrDefault(k) ?? ""}"));
}
