using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Security;

internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, BootstrapOptions o)
    {
        var failures = new List<string>();
        const string s = BootstrapOptions.Section;
        if (!string.IsNullOrEmpty(o.ApiKey) && (o.ApiKey.Length < MinimumKeyLength || o.ApiKey.Any(char.IsWhiteSpace)))
            failures.Add($"{s}:ApiKey must be at least {MinimumKeyLength} characters without spaces.");
        if (string.IsNullOrEmpty(o.AdminEmail) != string.IsNullOrEmpty(o.AdminPassword))
            failures.Add($"{s}:AdminEmail and {s}:AdminPassword go together: set both or neither.");
        if (!string.IsNullOrEmpty(o.AdminEmail) && !o.AdminEmail.Contains('@'))
            failures.Add($"{s}:AdminEmail must be an e-mail address, not '{o.AdminEmail}'.");
        if (!string.IsNullOrEmpty(o.AdminPassword) && o.AdminPassword.Length < IdentityPolicy.MinimumPasswordLength)
            failures.Add($"{s}:AdminPassword must be at least {IdentityPolicy.MinimumPasswordLength} characters.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
