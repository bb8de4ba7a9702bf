using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Logs;

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions o)
    {
        var failures = new List<string>();
        if (o.Days < 0) failures.Add($"{RetentionOptions.Section}:Days must be 0 (keep all) or more, not {o.Days}.");
        if (o.BatchSize is < 1 or > 100_000) failures.Add($"{RetentionOptions.Section}:BatchSize must be between 1 and 100000.");
        if (string.IsNullOrWhiteSpace(o.Schedule) || o.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is < 5 or > 6)
            failures.Add($"{RetentionOptions.Section}:Schedule must be a cron expression such as '0 * * * *', not '{o.Schedule}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
