using AiLogger.Domain.Security;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiLogger.Web.Security;

/// <summary>Once the server listens, and only while nobody can sign in: prints where to create the first admin.</summary>
internal sealed class SetupTokenAnnouncer(
    IHostApplicationLifetime lifetime, IServer server, IUserDirectory users, SetupToken token, ILogger<SetupTokenAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync());
        return Task.CompletedTask;
    }

    private async Task AnnounceAsync()
    {
        try
        {
            if (await users.AnyAsync(lifetime.ApplicationStopping)) return;
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            address = address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
            logger.LogWarning("No user exists yet. To create the first admin, open {SetupUrl} in a browser on this machine (the token works once), " +
                              "or set AiLogger:Bootstrap:AdminEmail and AdminPassword.",
                $"{address.TrimEnd('/')}{Routes.Setup}?token={token.Value}");
        }
        catch (OperationCanceledException)
        {
            // Stopping already.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
