using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.SystemMetrics;

internal sealed class SystemMetricsOptionsValidator : IValidateOptions<SystemMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, SystemMetricsOptions o)
    {
        var failures = new List<string>();
        const string s = SystemMetricsOptions.Section;
        if (o.IntervalSeconds is < 1 or > 3600) failures.Add($"{s}:IntervalSeconds must be 1–3600 seconds; it is {o.IntervalSeconds}.");
        if (o.RawRetentionDays is < 1 or > 3650) failures.Add($"{s}:RawRetentionDays must be 1–3650 days; it is {o.RawRetentionDays}.");
        if (o.MinuteRetentionDays is < 1 or > 3650) failures.Add($"{s}:MinuteRetentionDays must be 1–3650 days; it is {o.MinuteRetentionDays}.");
        if (o.HourRetentionDays is < 1 or > 36500) failures.Add($"{s}:HourRetentionDays must be 1–36500 days; it is {o.HourRetentionDays}.");
        if (o.MaxSeriesPerMetric is < 1 or > 1_000_000) failures.Add($"{s}:MaxSeriesPerMetric must be 1–1000000; it is {o.MaxSeriesPerMetric}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
