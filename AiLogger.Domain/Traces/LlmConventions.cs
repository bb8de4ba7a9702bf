namespace AiLogger.Domain.Traces;

/// <summary>The attribute conventions <see cref="LlmCall.From"/> reads, as <see cref="LlmCall.Convention"/> names them.</summary>
public static class LlmConventions
{
    /// <summary>OpenTelemetry's GenAI semantic conventions (<c>gen_ai.*</c>), the older prompt/completion names and events included.</summary>
    public const string GenAi = "gen_ai";

    /// <summary>Arize's OpenInference (<c>openinference.span.kind</c>, <c>llm.*</c>, <c>input.value</c>, …).</summary>
    public const string OpenInference = "openinference";
}
