using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Storage;

internal sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        var failures = new List<string>();
        if (options.Keep is < 1 or > 1_000) failures.Add($"{BackupOptions.Section}:Keep must be between 1 and 1000, not {options.Keep}.");
        if (!string.IsNullOrWhiteSpace(options.Schedule) && options.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is < 5 or > 6)
            failures.Add($"{BackupOptions.Section}:Schedule must be a cron expression such as '0 3 * * *' (or empty for no scheduled backup), not '{options.Schedule}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
