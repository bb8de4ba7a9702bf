using System.Text.Json;
using System.Text.Json.Serialization;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Storage;

/// <summary>The retention policy: configuration's (<c>AiLogger:Retention</c>, alert history from <c>AiLogger:Alerts</c>) until an admin saves one.</summary>
internal sealed class RetentionSettingsStore(
    IDbContextFactory<AiLoggerDbContext> contexts, IOptions<RetentionOptions> retention, IOptions<AlertOptions> alerts, TimeProvider time)
    : IRetentionSettingsStore
{
    private const string Key = "retention";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static RetentionPolicy FromOptions(RetentionOptions options, int alertDays) => new()
    {
        EventDays = options.Days,
        Rules = options.Rules.Select(r => new RetentionRule
        {
            Source = string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim(),
            Levels = r.Levels.Select(l => LogLevels.TryParse(l, out var level) ? level : LogLevel.Information).Distinct().ToList(),
            Days = r.Days,
        }).ToList(),
        PredictionDays = options.PredictionDays,
        AlertDays = alertDays,
        MaxDatabaseBytes = options.MaxDatabaseBytes > 0 ? options.MaxDatabaseBytes : null,
    };

    public async Task<RetentionSettings> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (row is not null && JsonSerializer.Deserialize<RetentionPolicy>(row.Value, Json) is { } saved)
            return new RetentionSettings(saved, FromConfiguration: false, row.UpdatedAt, row.UpdatedBy);
        return new RetentionSettings(FromOptions(retention.Value, alerts.Value.HistoryDays), FromConfiguration: true, null, null);
    }

    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(RetentionPolicy policy, string updatedBy, CancellationToken cancellationToken)
    {
        var errors = policy.Validate();
        if (errors.Count > 0) return errors;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
            var created = row is null;
            if (row is null) db.Settings.Add(row = new SettingEntity { Key = Key, Value = string.Empty });
            row.Value = JsonSerializer.Serialize(policy, Json);
            row.UpdatedAt = time.GetUtcNow();
            row.UpdatedBy = updatedBy;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return errors;
            }
            catch (DbUpdateException error) when (attempt < 3
                && (error is DbUpdateConcurrencyException || (created && Persistence.UniqueViolation.Is(error))))
            {
                // A concurrent call saved the row between the read and the insert (update that one), or reset it
                // between the read and the update (insert it again).
            }
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Settings.Where(s => s.Key == Key).ExecuteDeleteAsync(cancellationToken);
    }
}
