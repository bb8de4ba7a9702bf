using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Storage;

/// <summary>
/// How long events of some sources and/or levels are kept, instead of the default: <c>{levels: [Debug], days: 3}</c>,
/// <c>{levels: [Error, Fatal], days: 90}</c>, <c>{source: "health*", days: 1}</c>. An empty level list means every level,
/// no source every source; 0 days keeps them for ever.
/// </summary>
public sealed record RetentionRule
{
    public string? Source { get; init; }

    public IReadOnlyList<LogLevel> Levels { get; init; } = [];

    public int Days { get; init; }

    public bool Matches(string? source, LogLevel level) =>
        (Levels.Count == 0 || Levels.Contains(level))
        && (string.IsNullOrEmpty(Source) || WildcardPattern.IsMatch(source, Source));

    public string Describe() =>
        (Levels.Count == 0 ? "all levels" : string.Join(", ", Levels.Select(l => l.Name())))
        + (string.IsNullOrEmpty(Source) ? "" : $" from {Source}");
}
