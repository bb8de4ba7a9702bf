using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.ModelMonitoring;

internal sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions o)
    {
        var failures = new List<string>();
        if (!IsCron(o.Schedule)) failures.Add($"{ModelOptions.Section}:Schedule must be a cron expression such as '* * * * *', not '{o.Schedule}'.");
        if (!IsCron(o.DriftSchedule)) failures.Add($"{ModelOptions.Section}:DriftSchedule must be a cron expression such as '0 * * * *', not '{o.DriftSchedule}'.");
        if (o.DriftWindow < TimeSpan.FromHours(1) || o.DriftWindow > TimeSpan.FromDays(366))
            failures.Add($"{ModelOptions.Section}:DriftWindow must be between 1 hour and 366 days, not {o.DriftWindow}.");
        if (o.HealthWindow < TimeSpan.FromHours(1) || o.HealthWindow > TimeSpan.FromDays(366))
            failures.Add($"{ModelOptions.Section}:HealthWindow must be between 1 hour and 366 days, not {o.HealthWindow}.");
        if (o.MaxDriftSample is < 1_000 or > 10_000_000)
            failures.Add($"{ModelOptions.Section}:MaxDriftSample must be between 1000 and 10000000, not {o.MaxDriftSample}.");
        if (o.MaxUploadBytes <= 0) failures.Add($"{ModelOptions.Section}:MaxUploadBytes must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsCron(string? cron) =>
        !string.IsNullOrWhiteSpace(cron) && cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is >= 5 and <= 6;
}
