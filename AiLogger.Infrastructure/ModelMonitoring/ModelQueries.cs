using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>The reads the catalog, the metrics reader and the jobs share.</summary>
internal sealed class ModelQueries(IDbContextFactory<AiLoggerDbContext> contexts)
{
    public async Task<ModelEntity?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (!ModelLimits.IsValidName(name)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
    }

    public async Task<ModelEntity> RequireAsync(string name, CancellationToken cancellationToken) =>
        await FindAsync(name, cancellationToken) ?? throw new UnknownModelException(name);

    public async Task<ModelEntity?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    /// <summary>Daily counts of the days that start in [<paramref name="fromDay"/>, <paramref name="to"/>).</summary>
    public async Task<List<DailyCount>> DailyCountsAsync(long modelId, DateTimeOffset fromDay, DateTimeOffset to, CancellationToken cancellationToken)
    {
        long from = fromDay.UtcTicks, until = to.UtcTicks;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ModelDailyCounts.AsNoTracking()
            .Where(c => c.ModelId == modelId && c.Day >= from && c.Day < until)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DailyCount
        {
            Day = DateOnly.FromDateTime(new DateTime(r.Day, DateTimeKind.Utc)),
            Predicted = r.Predicted,
            Actual = r.Actual == ModelDailyCountEntity.NotValidated ? null : r.Actual,
            Count = r.Count,
            ConfidenceSum = r.ConfidenceSum,
            ConfidenceCount = r.ConfidenceCount,
        }).ToList();
    }

    public async Task<List<ModelDriftResultEntity>> DriftResultsAsync(long modelId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ModelDriftResults.AsNoTracking().Where(r => r.ModelId == modelId).OrderBy(r => r.Position).ToListAsync(cancellationToken);
    }

    /// <summary>Midnight (UTC) of the day <paramref name="time"/> falls in.</summary>
    public static DateTimeOffset DayOf(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerDay, TimeSpan.Zero);

    public static IReadOnlyList<string> ClassesOf(ModelEntity model) =>
        model.Classes is null ? [] : JsonSerializer.Deserialize<List<string>>(model.Classes) ?? [];

    public static MonitoredModel ToModel(ModelEntity m) => new()
    {
        Name = m.Name,
        Version = m.Version,
        Classes = ClassesOf(m),
        Description = m.Description,
        CreatedAt = m.CreatedAt,
        UpdatedAt = m.UpdatedAt,
        LastPredictionAt = m.LastPredictionAt,
        MetricsComputedAt = m.MetricsComputedAt,
        DriftComputedAt = m.DriftComputedAt,
        MetricsPending = m.DataVersion != m.ComputedVersion,
    };

    public static FeatureDrift ToDrift(ModelDriftResultEntity r) => new()
    {
        Result = new DriftResult
        {
            Feature = r.Feature,
            Method = r.Method,
            Statistic = r.Statistic,
            PValue = r.PValue,
            Threshold = r.Threshold,
            Drifted = r.Drifted,
            Psi = r.Psi,
            PsiLevel = Enum.Parse<PsiLevel>(r.PsiLevel, ignoreCase: true),
        },
        Kind = r.Kind,
        ReferenceCount = r.ReferenceCount,
        CurrentCount = r.CurrentCount,
        Distribution = JsonSerializer.Deserialize<List<DriftBin>>(r.Distribution) ?? [],
        ReferenceKind = r.ReferenceKind,
        ReferenceFrom = r.ReferenceFrom,
        ReferenceTo = r.ReferenceTo,
        CurrentFrom = r.CurrentFrom,
        CurrentTo = r.CurrentTo,
        ComputedAt = r.ComputedAt,
    };
}
