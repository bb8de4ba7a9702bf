namespace AiLogger.Domain.Traces;

/// <summary>What <see cref="LlmCall.From"/> keeps of a span, whatever it carries: a conversation view stays bounded.</summary>
public static class LlmLimits
{
    /// <summary>Messages kept per side (input, output); the rest are counted in <see cref="LlmCall.SkippedMessages"/>.</summary>
    public const int MaxMessages = 200;

    /// <summary>Parts kept per message (text, tool calls, tool results).</summary>
    public const int MaxPartsPerMessage = 100;

    /// <summary>Retrieval documents kept.</summary>
    public const int MaxDocuments = 100;

    /// <summary>Characters kept of one text (content, arguments, raw input); longer ones end with <see cref="CutMarker"/>.</summary>
    public const int MaxTextChars = 256 * 1024;

    /// <summary>Nesting allowed in JSON carried inside an attribute (messages, arguments); deeper JSON shows as plain text.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>Nesting allowed in the stored attribute and event JSON itself (the ingest writer nests up to 32 below its root).</summary>
    public const int MaxStoredJsonDepth = 64;

    public const string CutMarker = "…[cut]";

    /// <summary><paramref name="text"/> cut at <see cref="MaxTextChars"/>, with the marker.</summary>
    public static string Cut(string text) =>
        text.Length <= MaxTextChars ? text : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[MaxTextChars - 1]) ? MaxTextChars - 1 : MaxTextChars), CutMarker);
}
