namespace AiLogger.Web.Features.Traces;

/// <summary>
/// The cost of one model's tokens at a time, or null when the model has no price then. Not registered yet: the LLM
/// usage page shows its cost columns only once one is, e.g. from the price table:
/// <c>services.AddSingleton&lt;LlmCostEstimate&gt;(p => (model, at, input, output) => p.GetRequiredService&lt;PriceTable&gt;().CostOf(model, at, input, output, 0, null))</c>
/// (AI-Logger stores no cached-input tokens or sent costs, hence 0 and null).
/// </summary>
public delegate decimal? LlmCostEstimate(string? model, DateTimeOffset at, long inputTokens, long outputTokens);
