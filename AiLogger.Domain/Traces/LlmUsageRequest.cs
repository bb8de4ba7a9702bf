namespace AiLogger.Domain.Traces;

/// <summary>What the LLM usage figures cover: GenAI spans started in [From, To), optionally of one service, in traces matching a query.</summary>
public sealed record LlmUsageRequest
{
    /// <summary>The longest range read at once: the figures are computed from spans, not from rollups.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(92);

    public const int MaxTopTraces = 100;

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>The GenAI span's service (<c>service.name</c>), compared as <c>service:</c> compares it (wildcards allowed).</summary>
    public string? Service { get; init; }

    /// <summary>A trace query: a GenAI span counts when one span of its trace matches (as the trace list matches traces).</summary>
    public TraceQuery Query { get; init; } = TraceQuery.All;

    /// <summary>How many of the traces with the most tokens to return, at most <see cref="MaxTopTraces"/>.</summary>
    public int TopTraces { get; init; } = 20;
}
