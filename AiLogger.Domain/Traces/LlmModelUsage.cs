namespace AiLogger.Domain.Traces;

/// <summary>
/// One model over the range. Latency percentiles come from a sample of its calls (<see cref="LatencySample"/> of
/// <see cref="Calls"/>): SQLite has no percentile function, so durations are read, bounded, and ranked in memory.
/// </summary>
public sealed record LlmModelUsage
{
    public string? Model { get; init; }

    public long Calls { get; init; }

    public long Errors { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public double? P50Ms { get; init; }

    public double? P95Ms { get; init; }

    /// <summary>How many calls the percentiles were computed from (all of them unless the range held many).</summary>
    public int LatencySample { get; init; }

    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;

    public long TotalTokens => InputTokens + OutputTokens;
}
