using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Logs;

/// <summary>Counts over the events matching <see cref="Query"/> in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record LogAggregateRequest
{
    public const int MaxBuckets = 1_000;
    public const int DefaultTop = 10;

    /// <summary>Fields one request may list top values of: each costs a pass over the matching events.</summary>
    public const int MaxTopFields = 10;

    public const int MaxFieldNameLength = 128;

    public LogQuery Query { get; init; } = LogQuery.All;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary><c>level</c>, <c>source</c>, <c>type</c>, <c>tag</c> or a property name; null for no groups.</summary>
    public string? GroupBy { get; init; }

    /// <summary>Histogram bucket width; null for no histogram.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Fields whose most frequent values to list.</summary>
    public IReadOnlyList<string> Top { get; init; } = [];

    public int TopCount { get; init; } = DefaultTop;
}
