using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Logs;

public sealed record LogSearchRequest
{
    public const int MaxLimit = 1000;

    public LogQuery Query { get; init; } = LogQuery.All;

    /// <summary>Inclusive lower bound; none when null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound; none when null.</summary>
    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = 100;

    public LogCursor? Before { get; init; }
}
