namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// What one query may hold, wherever it is written (search box, API, live tail, alert rule, drop filter). The limits
/// keep parsing, matching and SQL translation bounded: the parser recurses once per level of nesting, and every term
/// becomes a condition the database evaluates for each candidate event.
/// </summary>
public static class LogQueryLimits
{
    public const int MaxLength = 8_192;

    /// <summary>Levels of '(' and NOT (or '-') inside one another.</summary>
    public const int MaxDepth = 32;

    /// <summary>Words, phrases and field terms in the whole query.</summary>
    public const int MaxTerms = 100;

    public const string Length = "length";
    public const string Depth = "depth";
    public const string Terms = "terms";
}
