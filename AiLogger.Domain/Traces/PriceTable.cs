namespace AiLogger.Domain.Traces;

/// <summary>
/// The prices AI-Logger knows, and which one a call pays (the rules of docs/llm.md, as Langfuse applies them): a cost the
/// client sent wins; else, among the prices whose pattern matches the model and whose <see cref="ModelPrice.From"/> is
/// not after the call, custom entries beat defaults, then the latest <c>From</c> wins (none counts as the earliest), then
/// the most specific pattern. No match, no cost.
/// </summary>
public sealed class PriceTable(IEnumerable<ModelPrice> prices)
{
    public static PriceTable Empty { get; } = new([]);

    public IReadOnlyList<ModelPrice> Prices { get; } = prices.ToList();

    /// <summary>The price <paramref name="model"/> pays for a call started at <paramref name="at"/>; null when none matches.</summary>
    public ModelPrice? Match(string? model, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(model)) return null;
        model = model.Trim();
        ModelPrice? best = null;
        foreach (var price in Prices)
        {
            if (price.From is { } from && from > at) continue;
            if (best is not null && Compare(price, best) <= 0) continue;
            if (price.Matches(model)) best = price;
        }
        return best;
    }

    /// <summary>Which of two prices wins when both match: positive when <paramref name="a"/> does.</summary>
    private static int Compare(ModelPrice a, ModelPrice b)
    {
        if (a.Custom != b.Custom) return a.Custom ? 1 : -1;
        var from = Nullable.Compare(a.From, b.From);
        if (from != 0) return from;
        var specific = a.Specificity.CompareTo(b.Specificity);
        if (specific != 0) return specific;
        return a.Pattern.Length.CompareTo(b.Pattern.Length);
    }

    /// <summary>
    /// What a call cost: <paramref name="sentCost"/> when the client sent one, else its tokens at the price that matches
    /// (<paramref name="cachedInput"/> is part of <paramref name="input"/>); null when no price matches.
    /// </summary>
    public decimal? CostOf(string? model, DateTimeOffset at, long input, long output, long cachedInput, decimal? sentCost)
    {
        if (sentCost is { } sent) return sent;
        return Match(model, at)?.CostOf(input, output, cachedInput);
    }

    /// <summary>What <paramref name="call"/>, started at <paramref name="at"/>, cost.</summary>
    public decimal? CostOf(LlmCall call, DateTimeOffset at) =>
        CostOf(call.Model, at, call.InputTokens ?? 0, call.OutputTokens ?? 0, call.CachedInputTokens ?? 0, call.SentCost);
}
