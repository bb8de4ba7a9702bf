using System.Globalization;
using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// The drift job (Hangfire): compares the current window (<c>AiLogger:Models:DriftWindow</c> until now) with the
/// model's reference, feature by feature, with the test Evidently would choose (<see cref="DriftTest"/>), and stores
/// the verdicts with both distributions, replacing the previous run's. Predicted and actual classes are compared with
/// any reference; confidence and input features need a production-period reference (training counts have no values).
/// </summary>
internal sealed class ModelDriftJob(
    IModelJobStore store,
    IDbContextFactory<AiLoggerDbContext> contexts,
    ModelQueries queries,
    ModelCatalog catalog,
    ModelJobGate gate,
    IOptions<ModelOptions> options,
    TimeProvider time,
    ILogger<ModelDriftJob> logger)
{
    public const string RecurringJobId = "model-drift";

    /// <summary>A text feature with more distinct reference values than this is an identifier, not a category.</summary>
    private const int MaxCategories = 100;

    /// <summary>Evidently compares a numeric column with at most this many distinct reference values as categories.</summary>
    private const int CategoricalNumericValues = 5;

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.ModelReferences.AsNoTracking().Select(r => r.ModelId).OrderBy(id => id).ToListAsync(cancellationToken);
        foreach (var id in ids) await RunAsync(id, cancellationToken);
    }

    [AutomaticRetry(Attempts = 2)]
    public async Task<IReadOnlyList<FeatureDrift>> RunAsync(long modelId, CancellationToken cancellationToken)
    {
        var held = await gate.DriftAsync(cancellationToken);
        try
        {
            var model = await queries.FindAsync(modelId, cancellationToken);
            if (model is null) return [];
            ModelReferenceEntity? reference;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
                reference = await db.ModelReferences.AsNoTracking().FirstOrDefaultAsync(r => r.ModelId == modelId, cancellationToken);

            var now = time.GetUtcNow();
            var results = reference is null ? [] : await CompareAsync(model, reference, now - options.Value.DriftWindow, now, cancellationToken);
            await StoreAsync(modelId, results, now, cancellationToken);
            catalog.NotifyChanged();
            return results;
        }
        finally
        {
            await held.DisposeAsync();
        }
    }

    private async Task<List<FeatureDrift>> CompareAsync(
        ModelEntity model, ModelReferenceEntity reference, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var classes = ModelQueries.ClassesOf(model);
        var results = new List<FeatureDrift>();
        void Add(FeatureDrift? drift)
        {
            if (drift is null) return;
            // Extreme inputs (values near double's limits) could overflow a statistic; JSON has no NaN or infinity.
            var r = drift.Result;
            if (double.IsFinite(r.Statistic) && double.IsFinite(r.Psi) && (r.PValue is not { } p || double.IsFinite(p))) results.Add(drift);
            else logger.LogWarning("Drift of {Feature} gave a non-finite figure and is left out", drift.Result.Feature);
        }
        FeatureDrift Complete(Evaluation e, long referenceCount, long currentCount) => new()
        {
            Result = e.Result,
            Kind = e.Kind,
            ReferenceCount = referenceCount,
            CurrentCount = currentCount,
            Distribution = e.Distribution,
            ReferenceKind = reference.Kind,
            ReferenceFrom = reference.From,
            ReferenceTo = reference.To,
            CurrentFrom = from,
            CurrentTo = to,
            ComputedAt = time.GetUtcNow(),
        };

        var isPeriod = reference.Kind == ReferenceKinds.Period;
        var training = isPeriod ? null : JsonSerializer.Deserialize<Dictionary<string, long>>(reference.ClassCounts!);
        foreach (var (feature, column) in new[] { (DriftFeatureNames.PredictedClass, DriftClassColumn.Predicted), (DriftFeatureNames.ActualClass, DriftClassColumn.Actual) })
        {
            var current = store.ClassCounts(model.Id, column, from, to);
            var before = training ?? store.ClassCounts(model.Id, column, reference.From!.Value, reference.To!.Value);
            if (Categorical(feature, classes, before, current, limit: int.MaxValue) is { } evaluation)
                Add(Complete(evaluation, before.Values.Sum(), current.Values.Sum()));
        }
        if (!isPeriod) return results;

        var referenceSample = store.Sample(model.Id, reference.From!.Value, reference.To!.Value, options.Value.MaxDriftSample);
        var currentSample = store.Sample(model.Id, from, to, options.Value.MaxDriftSample);
        if (Numeric(DriftFeatureNames.Confidence, referenceSample.Confidences, currentSample.Confidences) is { } confidence)
            Add(Complete(confidence, referenceSample.Confidences.Count, currentSample.Confidences.Count));

        var names = referenceSample.Numbers.Keys.Concat(referenceSample.Texts.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name is DriftFeatureNames.PredictedClass or DriftFeatureNames.ActualClass or DriftFeatureNames.Confidence) continue;
            Evaluation? evaluation;
            if (referenceSample.Texts.ContainsKey(name) || currentSample.Texts.ContainsKey(name))
            {
                var before = Counts(referenceSample.TextsOf(name));
                var now = Counts(currentSample.TextsOf(name));
                evaluation = Categorical(name, [], before, now, MaxCategories);
                if (evaluation is not null) Add(Complete(evaluation, before.Values.Sum(), now.Values.Sum()));
                continue;
            }
            var referenceValues = referenceSample.Numbers.GetValueOrDefault(name) ?? [];
            var currentValues = currentSample.Numbers.GetValueOrDefault(name) ?? [];
            evaluation = Numeric(name, referenceValues, currentValues);
            if (evaluation is not null) Add(Complete(evaluation, referenceValues.Count, currentValues.Count));
        }
        return results;
    }

    private sealed record Evaluation(DriftResult Result, string Kind, IReadOnlyList<DriftBin> Distribution);

    private Evaluation? Categorical(string feature, IReadOnlyList<string> order, IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current, int limit)
    {
        if (reference.Values.Sum() <= 0 || current.Values.Sum() <= 0) return null;
        var labels = order.Concat(reference.Keys.Concat(current.Keys).Where(k => !order.Contains(k)).Distinct().Order(StringComparer.Ordinal)).ToList();
        if (labels.Count > limit) return null;
        var before = labels.Select(l => reference.GetValueOrDefault(l)).ToArray();
        var now = labels.Select(l => current.GetValueOrDefault(l)).ToArray();
        try
        {
            return new Evaluation(DriftTest.ForCategorical(feature, before, now), DriftFeatureKinds.Categorical, DriftDistributions.Categorical(labels, before, now));
        }
        catch (ArgumentException error)
        {
            logger.LogWarning(error, "Drift of {Feature} could not be computed", feature);
            return null;
        }
    }

    private Evaluation? Numeric(string feature, List<double> reference, List<double> current)
    {
        if (reference.Count == 0 || current.Count == 0) return null;
        if (reference.Distinct().Take(CategoricalNumericValues + 1).Count() <= CategoricalNumericValues)
        {
            // Few distinct values (a flag, a small count): compared as categories, as Evidently does.
            var order = reference.Concat(current).Distinct().Order().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToList();
            return Categorical(feature, order, Counts(reference.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                Counts(current.Select(v => v.ToString("R", CultureInfo.InvariantCulture))), MaxCategories);
        }
        try
        {
            return new Evaluation(DriftTest.ForNumeric(feature, reference, current), DriftFeatureKinds.Numeric, DriftDistributions.Numeric(reference, current));
        }
        catch (ArgumentException error)
        {
            logger.LogWarning(error, "Drift of {Feature} could not be computed", feature);
            return null;
        }
    }

    private static Dictionary<string, long> Counts(IEnumerable<string> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values) counts[value] = counts.GetValueOrDefault(value) + 1;
        return counts;
    }

    private async Task StoreAsync(long modelId, List<FeatureDrift> results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ModelDriftResults.Where(r => r.ModelId == modelId).ExecuteDeleteAsync(cancellationToken);
        db.ModelDriftResults.AddRange(results.Select((d, position) => new ModelDriftResultEntity
        {
            ModelId = modelId,
            Feature = d.Result.Feature,
            Kind = d.Kind,
            Method = d.Result.Method,
            Statistic = d.Result.Statistic,
            PValue = d.Result.PValue,
            Threshold = d.Result.Threshold,
            Drifted = d.Result.Drifted,
            Psi = d.Result.Psi,
            PsiLevel = d.Result.PsiLevel.ToString().ToLowerInvariant(),
            ReferenceCount = d.ReferenceCount,
            CurrentCount = d.CurrentCount,
            ReferenceKind = d.ReferenceKind,
            ReferenceFrom = d.ReferenceFrom,
            ReferenceTo = d.ReferenceTo,
            CurrentFrom = d.CurrentFrom,
            CurrentTo = d.CurrentTo,
            ComputedAt = d.ComputedAt,
            Distribution = JsonSerializer.Serialize(d.Distribution),
            Position = position,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await db.Models.Where(m => m.Id == modelId).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.DriftComputedAt, now)
            .SetProperty(m => m.DriftPending, false), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
