using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Schedule)) failures.Add($"{AlertOptions.Section}:Schedule needs a cron expression such as \"* * * * *\".");
        if (!string.IsNullOrWhiteSpace(options.PublicUrl)
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            failures.Add($"{AlertOptions.Section}:PublicUrl must be an absolute http(s) URL such as https://logs.example.com, not '{options.PublicUrl}'.");
        var delays = options.ParseRetryDelays();
        if (delays is null) failures.Add($"{AlertOptions.Section}:RetryDelays must be durations separated by commas, such as \"10s, 1m, 5m\", not '{options.RetryDelays}'.");
        else if (delays.Count > 10) failures.Add($"{AlertOptions.Section}:RetryDelays has at most 10 entries.");
        else if (delays.Any(d => d > TimeSpan.FromDays(1))) failures.Add($"{AlertOptions.Section}:RetryDelays must each be at most 1d.");
        if (options.DeliveryTimeout < TimeSpan.FromMilliseconds(100) || options.DeliveryTimeout > TimeSpan.FromMinutes(5))
            failures.Add($"{AlertOptions.Section}:DeliveryTimeout must be between 00:00:00.1 and 00:05:00.");
        if (options.DeliveryPollInterval < TimeSpan.FromMilliseconds(100) || options.DeliveryPollInterval > TimeSpan.FromMinutes(10))
            failures.Add($"{AlertOptions.Section}:DeliveryPollInterval must be between 00:00:00.1 and 00:10:00.");
        if (options.HistoryDays < 1) failures.Add($"{AlertOptions.Section}:HistoryDays must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
