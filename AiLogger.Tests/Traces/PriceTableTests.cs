using AiLogger.Domain.Traces;

namespace AiLogger.Tests.Traces;

/// <summary>Which price a call pays and what it costs, with figures worked by hand.</summary>
public sealed class PriceTableTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ModelPrice Price(string pattern, decimal input, decimal output, decimal? cached = null, DateTimeOffset? from = null, bool custom = false) =>
        new(pattern, input, output, cached, from, custom);

    [Fact]
    public void Wildcard_patterns_match_the_whole_name_ignoring_case()
    {
        var table = new PriceTable([Price("gpt-4o*", 2.5m, 10m), Price("claude-3-5-sonnet*", 3m, 15m)]);

        Assert.Equal("gpt-4o*", table.Match("GPT-4o-2024-08-06", Now)?.Pattern);
        Assert.Equal("claude-3-5-sonnet*", table.Match("claude-3-5-sonnet-20241022", Now)?.Pattern);
        Assert.Null(table.Match("my-gpt-4o", Now));
        Assert.Null(table.Match(null, Now));
    }

    [Fact]
    public void A_pattern_between_slashes_is_a_regular_expression()
    {
        var table = new PriceTable([Price("/^(openai\\/)?gpt-4o$/", 2.5m, 10m)]);

        Assert.NotNull(table.Match("openai/GPT-4o", Now));
        Assert.Null(table.Match("gpt-4o-mini", Now));
    }

    [Fact]
    public void Cost_is_tokens_times_the_price_per_million()
    {
        var table = new PriceTable([Price("gpt-4o", 2.5m, 10m)]);

        // 1,000 × 2.5 / 1e6 + 500 × 10 / 1e6 = 0.0025 + 0.005
        Assert.Equal(0.0075m, table.CostOf("gpt-4o", Now, 1_000, 500, 0, null));
    }

    [Fact]
    public void Cached_input_tokens_are_part_of_the_input_at_the_cached_rate()
    {
        var withRate = new PriceTable([Price("gpt-4o", 2.5m, 10m, cached: 1.25m)]);
        var withoutRate = new PriceTable([Price("gpt-4o", 2.5m, 10m)]);

        // (1,000 − 800) × 2.5 / 1e6 + 800 × 1.25 / 1e6 + 100 × 10 / 1e6 = 0.0005 + 0.001 + 0.001
        Assert.Equal(0.0025m, withRate.CostOf("gpt-4o", Now, 1_000, 100, 800, null));
        // No cached rate: every input token at the input rate, 0.0025 + 0.001.
        Assert.Equal(0.0035m, withoutRate.CostOf("gpt-4o", Now, 1_000, 100, 800, null));
        // More cached than input counts as all of it cached.
        Assert.Equal(0.00125m, withRate.CostOf("gpt-4o", Now, 1_000, 0, 5_000, null));
    }

    [Fact]
    public void A_sent_cost_wins_over_the_table()
    {
        var table = new PriceTable([Price("gpt-4o", 2.5m, 10m)]);

        Assert.Equal(0.5m, table.CostOf("gpt-4o", Now, 1_000, 500, 0, 0.5m));
        Assert.Equal(0.5m, table.CostOf("unknown", Now, 1_000, 500, 0, 0.5m));
    }

    [Fact]
    public void No_matching_price_means_no_cost()
    {
        Assert.Null(new PriceTable([Price("gpt-4o", 2.5m, 10m)]).CostOf("llama-3", Now, 1_000, 500, 0, null));
        Assert.Null(PriceTable.Empty.CostOf("gpt-4o", Now, 1, 1, 0, null));
    }

    [Fact]
    public void Custom_entries_beat_defaults()
    {
        var table = new PriceTable([Price("gpt-4o-mini*", 0.15m, 0.6m), Price("gpt-4o*", 1m, 2m, custom: true)]);

        Assert.Equal(1m, table.Match("gpt-4o-mini", Now)!.InputPerMillion);
    }

    [Fact]
    public void A_price_applies_from_its_start_and_the_newest_start_wins()
    {
        var old = Price("gpt-4o", 5m, 15m, from: new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var cut = Price("gpt-4o", 2.5m, 10m, from: new DateTimeOffset(2024, 10, 1, 0, 0, 0, TimeSpan.Zero));
        var table = new PriceTable([Price("gpt-4o", 9m, 9m), cut, old]);

        Assert.Equal(9m, table.Match("gpt-4o", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))!.InputPerMillion);
        Assert.Equal(5m, table.Match("gpt-4o", new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero))!.InputPerMillion);
        Assert.Equal(2.5m, table.Match("gpt-4o", Now)!.InputPerMillion);
        // A future-dated custom entry does not apply yet; the default does.
        var future = new PriceTable([Price("gpt-4o", 2.5m, 10m), Price("gpt-4o", 1m, 1m, from: Now.AddDays(1), custom: true)]);
        Assert.Equal(2.5m, future.Match("gpt-4o", Now)!.InputPerMillion);
    }

    [Fact]
    public void Between_equals_the_most_specific_pattern_wins()
    {
        var table = new PriceTable([Price("gpt-4o*", 2.5m, 10m), Price("gpt-4o-mini*", 0.15m, 0.6m), Price("*", 100m, 100m)]);

        Assert.Equal(0.15m, table.Match("gpt-4o-mini-2024-07-18", Now)!.InputPerMillion);
        Assert.Equal(2.5m, table.Match("gpt-4o-2024-08-06", Now)!.InputPerMillion);
        Assert.Equal(100m, table.Match("anything", Now)!.InputPerMillion);
    }

    [Fact]
    public void Cost_of_a_call_uses_its_model_tokens_and_sent_cost()
    {
        var table = new PriceTable([Price("gpt-4o-mini*", 0.15m, 0.6m, cached: 0.075m)]);
        var call = new LlmCall { Convention = LlmConventions.GenAi, ResponseModel = "gpt-4o-mini-2024-07-18", InputTokens = 2_000, OutputTokens = 1_000, CachedInputTokens = 1_000 };

        // 1,000 × 0.15 / 1e6 + 1,000 × 0.075 / 1e6 + 1,000 × 0.6 / 1e6 = 0.00015 + 0.000075 + 0.0006
        Assert.Equal(0.000825m, table.CostOf(call, Now));
        Assert.Equal(0.01m, table.CostOf(call with { SentCost = 0.01m }, Now));
    }

    [Fact]
    public void Validation_names_what_is_wrong()
    {
        Assert.Empty(Price("gpt-4o*", 0m, 0m).Validate());
        var errors = new ModelPrice(" ", -1m, -2m, -3m, null, true).Validate();
        Assert.Equal(["cachedInput", "input", "output", "pattern"], errors.Keys.Order());
        Assert.Contains("regular expression", Price("/gpt-(/", 1m, 1m).Validate()["pattern"]);
        Assert.Contains("at most", Price(new string('a', 201), 1m, 1m).Validate()["pattern"]);
    }
}
