namespace AiLogger.Domain.Traces;

/// <summary>One trace's GenAI usage, per model, with what its list entry shows.</summary>
public sealed record LlmTraceUsage
{
    public required string TraceId { get; init; }

    public string? RootName { get; init; }

    public string? RootService { get; init; }

    public DateTimeOffset StartTime { get; init; }

    public required IReadOnlyList<LlmModelTokens> Models { get; init; }

    public long InputTokens => Models.Sum(m => m.InputTokens);

    public long OutputTokens => Models.Sum(m => m.OutputTokens);

    public long TotalTokens => InputTokens + OutputTokens;
}
