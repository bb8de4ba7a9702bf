using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Provider, StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
            failures.Add($"{StorageOptions.Section}:Provider must be Sqlite or Postgres, not '{options.Provider}'.");
        if (options.Synchronous is not ("Normal" or "Full" or "normal" or "full"))
            failures.Add($"{StorageOptions.Section}:Synchronous must be Normal or Full, not '{options.Synchronous}'.");
        if (options.BusyTimeout <= TimeSpan.Zero)
            failures.Add($"{StorageOptions.Section}:BusyTimeout must be positive.");
        if (options.StartupTimeout < TimeSpan.Zero)
            failures.Add($"{StorageOptions.Section}:StartupTimeout must not be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
