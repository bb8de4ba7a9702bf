namespace AiLogger.Infrastructure.Traces;

/// <summary><c>AiLogger:Prices</c>: the default model prices (docs/llm.md), which custom entries made in the UI override.</summary>
public sealed class PriceOptions
{
    public const string Section = "AiLogger:Prices";

    /// <summary>The defaults, per million tokens. Empty in code: the list lives in appsettings.json (a bound list adds to one set in code).</summary>
    public List<PriceOption> Models { get; set; } = [];

    /// <summary>How long a node keeps the table before reading custom entries again (another node may have saved one); a save on this node refreshes at once.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>One default price (see <see cref="Domain.Traces.ModelPrice"/>).</summary>
public sealed class PriceOption
{
    public string Pattern { get; set; } = string.Empty;

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>From when the price applies (UTC when no offset is written); always when empty.</summary>
    public DateTimeOffset? From { get; set; }

    public Domain.Traces.ModelPrice ToPrice() => new(Pattern.Trim(), InputPerMillion, OutputPerMillion, CachedInputPerMillion, From, Custom: false);
}
