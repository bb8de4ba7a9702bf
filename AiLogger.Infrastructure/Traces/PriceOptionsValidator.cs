using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Traces;

internal sealed class PriceOptionsValidator : IValidateOptions<PriceOptions>
{
    public ValidateOptionsResult Validate(string? name, PriceOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Models.Count; i++)
            foreach (var (field, error) in options.Models[i].ToPrice().Validate())
                failures.Add($"{PriceOptions.Section}:Models:{i} ({field}, '{options.Models[i].Pattern}'): {error}");
        if (options.CacheFor < TimeSpan.Zero || options.CacheFor > TimeSpan.FromHours(1))
            failures.Add($"{PriceOptions.Section}:CacheFor must be between 00:00:00 and 01:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
