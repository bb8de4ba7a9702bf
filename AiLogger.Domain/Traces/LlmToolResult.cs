namespace AiLogger.Domain.Traces;

/// <summary>What a tool answered, with the id of the call it answers.</summary>
public sealed record LlmToolResult(string? Id, string Content) : LlmPart;
