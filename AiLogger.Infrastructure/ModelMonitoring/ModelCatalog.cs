using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.ModelMonitoring;

internal sealed class ModelCatalog(
    IDbContextFactory<AiLoggerDbContext> contexts,
    ModelQueries queries,
    IOptions<ModelOptions> options,
    TimeProvider time) : IModelCatalog
{
    public event Action? Changed;

    public void NotifyChanged() => Changed?.Invoke();

    public async Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var models = await db.Models.AsNoTracking().ToListAsync(cancellationToken);
        var summaries = new List<ModelSummary>(models.Count);
        foreach (var model in models.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase))
            summaries.Add(await SummarizeAsync(db, model, cancellationToken));
        return summaries;
    }

    public async Task<ModelSummary?> SummaryAsync(string name, CancellationToken cancellationToken)
    {
        var model = await queries.FindAsync(name, cancellationToken);
        if (model is null) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SummarizeAsync(db, model, cancellationToken);
    }

    public async Task<MonitoredModel?> FindAsync(string name, CancellationToken cancellationToken) =>
        await queries.FindAsync(name, cancellationToken) is { } model ? ModelQueries.ToModel(model) : null;

    public async Task<ModelSaveResult> SaveAsync(ModelDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = definition.Validate();
        if (errors.Count > 0) throw new ModelSettingsException(errors);
        var classes = definition.Classes is { Count: > 0 } list ? JsonSerializer.Serialize(list) : null;
        var now = time.GetUtcNow();

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var model = await db.Models.FirstOrDefaultAsync(m => m.Name == definition.Name, cancellationToken);
            var created = model is null;
            if (model is null)
            {
                model = new ModelEntity { Name = definition.Name, CreatedAt = now };
                db.Models.Add(model);
            }
            model.Version = Blank(definition.Version);
            model.Description = Blank(definition.Description);
            model.Classes = classes;
            model.UpdatedAt = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (created && attempt == 0)
            {
                // Registered by a concurrent call between the read and the insert: update that one.
                continue;
            }
            NotifyChanged();
            return new ModelSaveResult(ModelQueries.ToModel(model), created);
        }
    }

    public async Task<ModelReference?> GetReferenceAsync(string name, CancellationToken cancellationToken)
    {
        var model = await queries.RequireAsync(name, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reference = await db.ModelReferences.AsNoTracking().FirstOrDefaultAsync(r => r.ModelId == model.Id, cancellationToken);
        if (reference is null) return null;
        if (reference.Kind == ReferenceKinds.Training)
            return new ModelReference
            {
                Kind = reference.Kind,
                ClassCounts = Ordered(ModelQueries.ClassesOf(model), JsonSerializer.Deserialize<Dictionary<string, long>>(reference.ClassCounts!)!),
                CreatedAt = reference.CreatedAt,
            };
        return new ModelReference
        {
            Kind = reference.Kind,
            From = reference.From,
            To = reference.To,
            ClassCounts = Ordered(ModelQueries.ClassesOf(model), await PeriodCountsAsync(db, model.Id, reference.From!.Value, reference.To!.Value, cancellationToken)),
            CreatedAt = reference.CreatedAt,
        };
    }

    public async Task<ModelReference> SetReferenceAsync(string name, ModelReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var model = await queries.RequireAsync(name, cancellationToken);
        var classes = ModelQueries.ClassesOf(model);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = new ModelReferenceEntity { ModelId = model.Id, Kind = reference.Kind, CreatedAt = time.GetUtcNow() };
        switch (reference.Kind)
        {
            case ReferenceKinds.Training:
                CheckTrainingCounts(reference.ClassCounts, classes);
                entity.ClassCounts = JsonSerializer.Serialize(reference.ClassCounts);
                break;
            case ReferenceKinds.Period:
                if (reference.From is not { } from || reference.To is not { } to)
                    throw ModelSettingsException.For("from", "A period needs both 'from' and 'to'.");
                if (from >= to) throw ModelSettingsException.For("to", "'to' must be after 'from'.");
                if ((await PeriodCountsAsync(db, model.Id, from, to, cancellationToken)).Count == 0)
                    throw ModelSettingsException.For("from", $"Model '{model.Name}' has no predictions between {from:O} and {to:O}; a reference period needs some.");
                (entity.From, entity.To) = (from, to);
                break;
            default:
                throw ModelSettingsException.For("kind", $"'{reference.Kind}' is not a reference kind; use {ReferenceKinds.Training} or {ReferenceKinds.Period}.");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.ModelReferences.Where(r => r.ModelId == model.Id).ExecuteDeleteAsync(cancellationToken);
            db.ModelReferences.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            await db.Models.Where(m => m.Id == model.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.DriftPending, true), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        NotifyChanged();
        return (await GetReferenceAsync(model.Name, cancellationToken))!;
    }

    private async Task<ModelSummary> SummarizeAsync(AiLoggerDbContext db, ModelEntity model, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var healthFrom = now - settings.HealthWindow;
        var sparklineFrom = ModelQueries.DayOf(now).AddDays(-(IModelCatalog.SparklineDays - 1));
        var firstDay = ModelQueries.DayOf(healthFrom) < sparklineFrom ? ModelQueries.DayOf(healthFrom) : sparklineFrom;
        var rows = await queries.DailyCountsAsync(model.Id, firstDay, now, cancellationToken);
        var classes = ModelQueries.ClassesOf(model);
        var healthDay = DateOnly.FromDateTime(ModelQueries.DayOf(healthFrom).UtcDateTime);
        var sparklineDay = DateOnly.FromDateTime(sparklineFrom.UtcDateTime);

        var totals = await db.ModelDailyCounts.AsNoTracking().Where(c => c.ModelId == model.Id)
            .GroupBy(c => c.ModelId)
            .Select(g => new
            {
                Predictions = g.Sum(c => c.Count),
                Validated = g.Sum(c => c.Actual == ModelDailyCountEntity.NotValidated ? 0 : c.Count),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var drift = await db.ModelDriftResults.AsNoTracking().Where(r => r.ModelId == model.Id)
            .OrderBy(r => r.Position).Select(r => new { r.Feature, r.Drifted }).ToListAsync(cancellationToken);

        return new ModelSummary
        {
            Model = ModelQueries.ToModel(model),
            Predictions = totals?.Predictions ?? 0,
            Validated = totals?.Validated ?? 0,
            Recent = ModelMetricsCalculator.Window(model.Name, healthFrom, now, classes, rows.Where(r => r.Day >= healthDay).ToList(), model.MetricsComputedAt),
            Daily = ModelMetricsCalculator.Daily(classes, rows.Where(r => r.Day >= sparklineDay)),
            Drifted = drift.Count == 0 ? null : drift.Any(d => d.Drifted),
            DriftedFeatures = drift.Where(d => d.Drifted).Select(d => d.Feature).ToList(),
        };
    }

    private static void CheckTrainingCounts(IReadOnlyDictionary<string, long> counts, IReadOnlyList<string> classes)
    {
        var problems = new List<string>();
        if (counts.Count == 0) problems.Add("Give the number of training items of each class, e.g. {\"cat\": 500, \"dog\": 480}.");
        if (counts.Count > ModelLimits.MaxClasses) problems.Add($"At most {ModelLimits.MaxClasses} classes.");
        var declared = new HashSet<string>(classes, StringComparer.Ordinal);
        foreach (var (name, count) in counts)
        {
            if (ModelLimits.CheckClass(name) is { } reason) problems.Add($"Class '{name}': {reason}.");
            else if (declared.Count > 0 && !declared.Contains(name))
                problems.Add($"'{name}' is not one of the model's classes ({string.Join(", ", classes)}).");
            if (count < 0) problems.Add($"The count of '{name}' must not be negative.");
        }
        if (counts.Count > 0 && counts.Values.All(c => c <= 0)) problems.Add("The counts must not all be zero.");
        if (problems.Count > 0) throw new ModelSettingsException(new Dictionary<string, string[]> { ["classCounts"] = problems.Take(ModelLimits.MaxErrorsReported).ToArray() });
    }

    private static async Task<Dictionary<string, long>> PeriodCountsAsync(AiLoggerDbContext db, long modelId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.ModelPredictions.AsNoTracking()
            .Where(p => p.ModelId == modelId && p.Timestamp >= from && p.Timestamp < to)
            .GroupBy(p => p.Predicted)
            .Select(g => new { Class = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Class, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>Declared classes first, in their order, then the others by name.</summary>
    private static IReadOnlyDictionary<string, long> Ordered(IReadOnlyList<string> classes, IReadOnlyDictionary<string, long> counts)
    {
        var ordered = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in classes) ordered[name] = counts.GetValueOrDefault(name);
        foreach (var name in counts.Keys.Where(k => !ordered.ContainsKey(k)).Order(StringComparer.Ordinal)) ordered[name] = counts[name];
        return ordered;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
