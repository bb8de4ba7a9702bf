namespace AiLogger.Domain.Traces;

/// <summary>
/// What a span says about a call to a language model (or a step around one: a tool, a retriever, an agent), read from
/// either OpenTelemetry's GenAI conventions or OpenInference (docs/llm.md). Everything is bounded by <see cref="LlmLimits"/>;
/// JSON that cannot be read shows as plain text.
/// </summary>
public sealed record LlmCall
{
    /// <summary><see cref="LlmConventions.GenAi"/> or <see cref="LlmConventions.OpenInference"/>: the one the span mainly follows.</summary>
    public required string Convention { get; init; }

    /// <summary><c>gen_ai.operation.name</c> (<c>chat</c>, <c>embeddings</c>, <c>execute_tool</c>, …) or the OpenInference span kind in lower case (<c>llm</c>, <c>chain</c>, <c>retriever</c>, …).</summary>
    public string? Operation { get; init; }

    /// <summary><c>gen_ai.provider.name</c> (older <c>gen_ai.system</c>), <c>llm.provider</c> (or <c>llm.system</c>).</summary>
    public string? Provider { get; init; }

    /// <summary><c>gen_ai.request.model</c>, or OpenInference's <c>llm.model_name</c>.</summary>
    public string? RequestModel { get; init; }

    public string? ResponseModel { get; init; }

    /// <summary>The model that answered, else the one asked for.</summary>
    public string? Model => ResponseModel ?? RequestModel;

    /// <summary>Input tokens, cached ones included.</summary>
    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    /// <summary>Input tokens read from the provider's prompt cache: part of <see cref="InputTokens"/>, not on top of it.</summary>
    public long? CachedInputTokens { get; init; }

    /// <summary>The total the span sends, else input + output.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>A cost the client computed and sent (<c>llm.cost.total</c>); it wins over the price table.</summary>
    public decimal? SentCost { get; init; }

    public IReadOnlyList<string> FinishReasons { get; init; } = [];

    /// <summary>From <c>gen_ai.server.time_to_first_token</c> (seconds) or a first-token event's offset from the span's start.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary><c>gen_ai.system_instructions</c>, its text parts joined.</summary>
    public string? SystemInstructions { get; init; }

    public IReadOnlyList<LlmMessage> Input { get; init; } = [];

    public IReadOnlyList<LlmMessage> Output { get; init; } = [];

    /// <summary>Messages past <see cref="LlmLimits.MaxMessages"/> (either side), not kept.</summary>
    public int SkippedMessages { get; init; }

    /// <summary>OpenInference's <c>input.value</c>, when the span has no input messages.</summary>
    public string? InputValue { get; init; }

    /// <summary><c>input.mime_type</c> (<c>text/plain</c>, <c>application/json</c>).</summary>
    public string? InputMimeType { get; init; }

    /// <summary>OpenInference's <c>output.value</c>, when the span has no output messages.</summary>
    public string? OutputValue { get; init; }

    public string? OutputMimeType { get; init; }

    /// <summary>What a retriever returned.</summary>
    public IReadOnlyList<LlmDocument> Documents { get; init; } = [];

    /// <summary><c>llm.invocation_parameters</c> (temperature, max tokens, …) as sent, usually JSON.</summary>
    public string? InvocationParameters { get; init; }

    /// <summary>A call that reached a model (it names one, counts tokens, or its operation is one), not a step around it.</summary>
    public bool IsModelCall =>
        Model is not null || InputTokens is not null || OutputTokens is not null
        || Operation is "chat" or "text_completion" or "generate_content" or "embeddings" or "llm" or "embedding";

    /// <summary>The span as an LLM call; null when it follows neither convention (no <c>gen_ai.*</c>, <c>llm.*</c> or <c>openinference.*</c> attribute, no <c>gen_ai.*</c> event).</summary>
    public static LlmCall? From(Span span) => LlmCallReader.Read(span);
}
