using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Traces;

/// <summary>
/// Custom prices in <c>model_prices</c>, and the table in force: configuration's defaults plus those, kept for
/// <see cref="PriceOptions.CacheFor"/> and rebuilt at once when this node saves or deletes an entry.
/// </summary>
internal sealed class ModelPriceStore(IDbContextFactory<AiLoggerDbContext> contexts, IOptions<PriceOptions> options, TimeProvider time)
    : IModelPriceStore, IPriceTableSource
{
    private readonly IReadOnlyList<ModelPrice> _defaults = options.Value.Models.Select(m => m.ToPrice()).ToList();
    private volatile CachedTable? _cached;
    // Bumped by every change, so a read that raced a save does not cache what it read before the save.
    private long _version;

    private sealed record CachedTable(PriceTable Table, DateTimeOffset Until);

    public IReadOnlyList<ModelPrice> Defaults => _defaults;

    public async Task<PriceTable> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && cached.Until > now) return cached.Table;
        var version = Interlocked.Read(ref _version);
        var table = new PriceTable(_defaults.Concat(await ListAsync(cancellationToken)));
        if (Interlocked.Read(ref _version) == version) _cached = new CachedTable(table, now + options.Value.CacheFor);
        return table;
    }

    public async Task<IReadOnlyList<ModelPrice>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ModelPrices.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Pattern, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.From).Select(ToPrice).ToList();
    }

    public async Task<ModelPriceSaveResult> SaveAsync(ModelPrice price, string updatedBy, CancellationToken cancellationToken)
    {
        price = price with { Pattern = price.Pattern?.Trim() ?? string.Empty, Custom = true };
        var errors = new Dictionary<string, string>(price.Validate());
        if (errors.Count > 0) return new ModelPriceSaveResult(null, errors);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        ModelPriceEntity? row = null;
        if (price.Id is { } id && (row = await db.ModelPrices.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)) is null)
            return new ModelPriceSaveResult(null, new Dictionary<string, string> { ["id"] = "This custom price no longer exists; it may have been deleted meanwhile." });

        var from = price.From?.ToUniversalTime();
        // Two entries with one pattern and one start would leave the choice between them to chance.
        var sameStart = (await db.ModelPrices.AsNoTracking().Where(p => p.Id != (price.Id ?? 0)).ToListAsync(cancellationToken))
            .Any(p => string.Equals(p.Pattern, price.Pattern, StringComparison.OrdinalIgnoreCase) && p.From == from);
        if (sameStart)
            return new ModelPriceSaveResult(null, new Dictionary<string, string> { ["pattern"] = $"A custom price for '{price.Pattern}' starting {(from is null ? "always" : from.Value.ToString("yyyy-MM-dd HH:mm"))} exists already; edit that one." });

        if (row is null) db.ModelPrices.Add(row = new ModelPriceEntity { Pattern = price.Pattern });
        row.Pattern = price.Pattern;
        row.InputPerMillion = price.InputPerMillion;
        row.OutputPerMillion = price.OutputPerMillion;
        row.CachedInputPerMillion = price.CachedInputPerMillion;
        row.From = from;
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = updatedBy;
        await db.SaveChangesAsync(cancellationToken);
        Changed();
        return new ModelPriceSaveResult(ToPrice(row), new Dictionary<string, string>());
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.ModelPrices.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        Changed();
        return deleted;
    }

    private void Changed()
    {
        Interlocked.Increment(ref _version);
        _cached = null;
    }

    private static ModelPrice ToPrice(ModelPriceEntity row) =>
        new(row.Pattern, row.InputPerMillion, row.OutputPerMillion, row.CachedInputPerMillion, row.From, Custom: true) { Id = row.Id };
}
