namespace AiLogger.Domain.Traces;

/// <summary>Text the model read or wrote. Parts of a kind AI-Logger does not know (images, reasoning blobs) arrive as their JSON here.</summary>
public sealed record LlmTextPart(string Text) : LlmPart;
