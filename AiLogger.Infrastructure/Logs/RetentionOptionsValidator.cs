using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Logs;

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions o)
    {
        var failures = new List<string>();
        if (o.BatchSize is < 1 or > 100_000) failures.Add($"{RetentionOptions.Section}:BatchSize must be between 1 and 100000.");
        if (string.IsNullOrWhiteSpace(o.Schedule) || o.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is < 5 or > 6)
            failures.Add($"{RetentionOptions.Section}:Schedule must be a cron expression such as '0 * * * *', not '{o.Schedule}'.");
        for (var i = 0; i < o.Rules.Count; i++)
            foreach (var level in o.Rules[i].Levels.Where(l => !LogLevels.TryParse(l, out _)))
                failures.Add($"{RetentionOptions.Section}:Rules:{i}:Levels: '{level}' is not a level; use {LogLevels.AcceptedNames}.");
        if (failures.Count == 0)
            foreach (var (field, error) in RetentionSettingsStore.FromOptions(o, alertDays: 90).Validate())
                failures.Add(field switch
                {
                    "eventDays" => $"{RetentionOptions.Section}:Days must be 0 (keep all) or more, not {o.Days}.",
                    "predictionDays" => $"{RetentionOptions.Section}:PredictionDays: {error}",
                    "maxDatabaseBytes" => $"{RetentionOptions.Section}:MaxDatabaseBytes: {error}",
                    _ => $"{RetentionOptions.Section}:Rules: {error}",
                });
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
