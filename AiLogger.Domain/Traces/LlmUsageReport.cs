namespace AiLogger.Domain.Traces;

/// <summary>
/// GenAI usage over a range. Tokens are kept per model everywhere (days, models, traces), so that a cost can be added by
/// pricing each model's input and output tokens at the time of use; AI-Logger stores no cached-input tokens or sent
/// costs yet, so a price table is called with zero and null for those.
/// </summary>
public sealed record LlmUsageReport
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Per UTC day and model, days in order, only days with calls.</summary>
    public required IReadOnlyList<LlmDailyUsage> Daily { get; init; }

    /// <summary>Per model over the whole range, most calls first.</summary>
    public required IReadOnlyList<LlmModelUsage> Models { get; init; }

    /// <summary>The traces whose GenAI spans used the most tokens (input + output, all models), most first.</summary>
    public required IReadOnlyList<LlmTraceUsage> TopTraces { get; init; }

    public bool IsEmpty => Models.Count == 0;
}
