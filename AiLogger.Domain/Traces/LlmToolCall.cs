namespace AiLogger.Domain.Traces;

/// <summary>A tool the model asked for: the call's id (to pair it with its <see cref="LlmToolResult"/>), the tool's name and its arguments as sent (usually JSON).</summary>
public sealed record LlmToolCall(string? Id, string Name, string? Arguments) : LlmPart;
