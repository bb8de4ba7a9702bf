using System.Net;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Security;

internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
            if (!IPAddress.TryParse(options.KnownProxies[i]?.Trim(), out _))
                failures.Add($"{NetworkOptions.Section}:KnownProxies:{i} must be an IP address such as 127.0.0.1, not '{options.KnownProxies[i]}'.");
        for (var i = 0; i < options.KnownNetworks.Length; i++)
            if (!IPNetwork.TryParse(options.KnownNetworks[i]?.Trim(), out _))
                failures.Add($"{NetworkOptions.Section}:KnownNetworks:{i} must be a network in CIDR notation such as 10.0.0.0/8, not '{options.KnownNetworks[i]}'.");
        if (!string.Equals(options.SecureCookies, NetworkOptions.SameAsRequest, StringComparison.OrdinalIgnoreCase) && !options.CookiesAlwaysSecure)
            failures.Add($"{NetworkOptions.Section}:SecureCookies must be SameAsRequest or Always, not '{options.SecureCookies}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
