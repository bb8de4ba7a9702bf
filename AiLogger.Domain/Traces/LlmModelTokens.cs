namespace AiLogger.Domain.Traces;

/// <summary>Tokens of one model within one trace: what a price is applied to.</summary>
public sealed record LlmModelTokens(string? Model, long Calls, long InputTokens, long OutputTokens);
