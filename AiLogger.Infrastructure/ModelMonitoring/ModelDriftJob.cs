using System.Globalization;
using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.Persistence.Sqlite;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// The drift job (Hangfire): compares the current window (<c>AiLogger:Models:DriftWindow</c> until now) with the
/// model's reference, feature by feature, with the test Evidently would choose (<see cref="DriftTest"/>), and stores
/// the verdicts with both distributions, replacing the previous run's. Predicted and actual classes are compared with
/// any reference; confidence and input features need a production-period reference (training counts have no values).
/// </summary>
internal sealed class ModelDriftJob(
    SqliteDatabase database,
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
        await gate.Drift.WaitAsync(cancellationToken);
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
            gate.Drift.Release();
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

        await using var connection = await database.OpenAsync(cancellationToken);
        var isPeriod = reference.Kind == ReferenceKinds.Period;
        var training = isPeriod ? null : JsonSerializer.Deserialize<Dictionary<string, long>>(reference.ClassCounts!);
        foreach (var (feature, column) in new[] { (DriftFeatureNames.PredictedClass, "predicted"), (DriftFeatureNames.ActualClass, "actual") })
        {
            var current = ClassCounts(connection, model.Id, column, from, to);
            var before = training ?? ClassCounts(connection, model.Id, column, reference.From!.Value, reference.To!.Value);
            if (Categorical(feature, classes, before, current, limit: int.MaxValue) is { } evaluation)
                Add(Complete(evaluation, before.Values.Sum(), current.Values.Sum()));
        }
        if (!isPeriod) return results;

        var referenceSample = Sample(connection, model.Id, reference.From!.Value, reference.To!.Value);
        var currentSample = Sample(connection, model.Id, from, to);
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

    /// <summary>Predictions per predicted class, or validated predictions per actual class, in [from, to).</summary>
    private static Dictionary<string, long> ClassCounts(SqliteConnection connection, long modelId, string column, DateTimeOffset from, DateTimeOffset to)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column}, COUNT(*) FROM model_predictions WHERE model_id = @m AND timestamp >= @from AND timestamp < @to AND {column} IS NOT NULL GROUP BY 1";
        command.Parameters.AddWithValue("@m", modelId);
        command.Parameters.AddWithValue("@from", from.UtcTicks);
        command.Parameters.AddWithValue("@to", to.UtcTicks);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Confidences and features of the predictions in [from, to), thinned evenly to at most <see cref="ModelOptions.MaxDriftSample"/> rows.</summary>
    /// <remarks>
    /// Through SQLite's raw API: the features column is read as a span of its UTF-8 bytes, so a sample of a hundred
    /// thousand rows allocates nothing per row.
    /// </remarks>
    private FeatureSample Sample(SqliteConnection connection, long modelId, DateTimeOffset from, DateTimeOffset to)
    {
        const string Range = "FROM model_predictions WHERE model_id = ?1 AND timestamp >= ?2 AND timestamp < ?3";
        var db = connection.Handle!;
        long rows = 0;
        Query(db, $"SELECT COUNT(*) {Range}", modelId, from, to, null, statement => rows = raw.sqlite3_column_int64(statement, 0));
        var stride = Math.Max(1, (rows + options.Value.MaxDriftSample - 1) / options.Value.MaxDriftSample);

        var sample = new FeatureSample();
        Query(db, $"SELECT confidence, features {Range}" + (stride > 1 ? " AND id % ?4 = 0" : ""), modelId, from, to, stride > 1 ? stride : null, statement =>
        {
            if (raw.sqlite3_column_type(statement, 0) != raw.SQLITE_NULL) sample.Confidences.Add(raw.sqlite3_column_double(statement, 0));
            if (raw.sqlite3_column_type(statement, 1) != raw.SQLITE_NULL) sample.AddFeatures(raw.sqlite3_column_blob(statement, 1));
        });
        return sample;
    }

    private static void Query(sqlite3 db, string sql, long modelId, DateTimeOffset from, DateTimeOffset to, long? stride, Action<sqlite3_stmt> row)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        using (statement)
        {
            if (rc == raw.SQLITE_OK)
            {
                raw.sqlite3_bind_int64(statement, 1, modelId);
                raw.sqlite3_bind_int64(statement, 2, from.UtcTicks);
                raw.sqlite3_bind_int64(statement, 3, to.UtcTicks);
                if (stride is { } every) raw.sqlite3_bind_int64(statement, 4, every);
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) row(statement);
            }
            if (rc != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
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
