namespace AiLogger.Domain.Traces;

/// <summary>Calls of one model on one UTC day. <see cref="Model"/> is null for GenAI spans that named none.</summary>
public sealed record LlmDailyUsage(DateOnly Day, string? Model, long Calls, long InputTokens, long OutputTokens, long Errors);
