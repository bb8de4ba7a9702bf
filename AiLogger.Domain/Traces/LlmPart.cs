namespace AiLogger.Domain.Traces;

/// <summary>A part of an <see cref="LlmMessage"/>: <see cref="LlmTextPart"/>, <see cref="LlmToolCall"/> or <see cref="LlmToolResult"/>.</summary>
public abstract record LlmPart;
