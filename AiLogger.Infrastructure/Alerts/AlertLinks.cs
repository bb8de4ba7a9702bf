using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>Links back to AI-Logger in notifications: <c>AiLogger:Alerts:PublicUrl</c>, else the server's own address.</summary>
internal sealed class AlertLinks(IOptions<AlertOptions> options, IServiceProvider services)
{
    public const string Fallback = "http://localhost:5000";

    public string Base
    {
        get
        {
            if (options.Value.PublicUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
            var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null) return Fallback;
            // Kestrel reports wildcard bindings as such; people reach them by a host name.
            return address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/');
        }
    }

    public string Alert(long id) => $"{Base}/alerts?alert={id}";

    public string Rules => $"{Base}/alerts/rules";
}
