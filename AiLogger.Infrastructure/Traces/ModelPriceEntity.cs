namespace AiLogger.Infrastructure.Traces;

/// <summary>A custom model price an admin saved (<c>model_prices</c>).</summary>
internal sealed class ModelPriceEntity
{
    public long Id { get; set; }

    public required string Pattern { get; set; }

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public decimal? CachedInputPerMillion { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
