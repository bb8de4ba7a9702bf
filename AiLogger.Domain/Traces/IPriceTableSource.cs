namespace AiLogger.Domain.Traces;

/// <summary>The price table in force: configuration's defaults (<c>AiLogger:Prices</c>) and the custom entries, cached; saving a custom entry refreshes it.</summary>
public interface IPriceTableSource
{
    /// <summary>The defaults from configuration alone.</summary>
    IReadOnlyList<ModelPrice> Defaults { get; }

    Task<PriceTable> GetAsync(CancellationToken cancellationToken);
}
