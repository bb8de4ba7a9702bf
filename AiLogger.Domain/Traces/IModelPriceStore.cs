namespace AiLogger.Domain.Traces;

/// <summary>The custom prices admins keep in Settings → Model prices (stored), beside configuration's defaults.</summary>
public interface IModelPriceStore
{
    /// <summary>The custom entries, by pattern then start.</summary>
    Task<IReadOnlyList<ModelPrice>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds the entry (no <see cref="ModelPrice.Id"/>) or replaces the one with its id; refused with field → reason when invalid.</summary>
    Task<ModelPriceSaveResult> SaveAsync(ModelPrice price, string updatedBy, CancellationToken cancellationToken);

    /// <summary>False when there was no such entry.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);
}
