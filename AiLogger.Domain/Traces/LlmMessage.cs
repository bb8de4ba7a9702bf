namespace AiLogger.Domain.Traces;

/// <summary>One message of a conversation: its role (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>, …) and its parts in order.</summary>
public sealed record LlmMessage(string Role, IReadOnlyList<LlmPart> Parts)
{
    /// <summary>Why the model stopped, on output messages that say so.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The text parts joined, for lists and tests.</summary>
    public string Text => string.Join("\n", Parts.OfType<LlmTextPart>().Select(p => p.Text));
}
