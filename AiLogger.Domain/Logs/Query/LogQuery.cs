namespace AiLogger.Domain.Logs.Query;

/// <summary>A parsed query (DESIGN §5). <see cref="Root"/> is null for the empty query, which matches everything.</summary>
public sealed record LogQuery(string Text, QueryNode? Root)
{
    public static LogQuery All { get; } = new(string.Empty, null);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="LogQuerySyntaxException"/> when malformed.</summary>
    public static LogQuery Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : new LogQuery(text, new LogQueryParser(text).Parse());

    public bool MatchesAll => Root is null;

    public bool Matches(LogEvent logEvent) => Root is null || LogQueryMatcher.Matches(Root, logEvent);

    public override string ToString() => Root?.ToString() ?? "(all)";
}
