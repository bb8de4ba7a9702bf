using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Security;

internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, BootstrapOptions o)
    {
        if (!string.IsNullOrEmpty(o.ApiKey) && (o.ApiKey.Length < MinimumKeyLength || o.ApiKey.Any(char.IsWhiteSpace)))
            return ValidateOptionsResult.Fail(
                $"{BootstrapOptions.Section}:ApiKey must be at least {MinimumKeyLength} characters without spaces.");
        return ValidateOptionsResult.Success;
    }
}
