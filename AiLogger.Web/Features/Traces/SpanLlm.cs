using AiLogger.Domain.Traces;

namespace AiLogger.Web.Features.Traces;

/// <summary>A span's LLM call as the trace page shows it: what <see cref="LlmCall.From"/> read, and its cost (null without a price).</summary>
public sealed record SpanLlm(LlmCall Call, decimal? Cost);
