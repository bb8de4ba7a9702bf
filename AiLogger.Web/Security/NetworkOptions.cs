using System.Net;

namespace AiLogger.Web.Security;

/// <summary><c>AiLogger:Network</c>: what sits in front of AI-Logger (reverse proxies) and how its cookies travel.</summary>
public sealed class NetworkOptions
{
    public const string Section = "AiLogger:Network";

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> are believed. Empty by default,
    /// loopback included: forwarded headers from anyone else are ignored, so a client cannot claim to be local.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary><c>SameAsRequest</c> (cookies are <c>Secure</c> on HTTPS, as a trusted proxy reports it) or <c>Always</c>.</summary>
    public string SecureCookies { get; set; } = SameAsRequest;

    /// <summary>Send <c>Strict-Transport-Security</c> on HTTPS answers.</summary>
    public bool Hsts { get; set; } = true;

    public const string SameAsRequest = "SameAsRequest";
    public const string Always = "Always";

    public bool CookiesAlwaysSecure => string.Equals(SecureCookies, Always, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<IPAddress> ParseProxies() => KnownProxies.Select(p => IPAddress.Parse(p.Trim())).ToList();

    public IReadOnlyList<IPNetwork> ParseNetworks() => KnownNetworks.Select(n => IPNetwork.Parse(n.Trim())).ToList();
}
