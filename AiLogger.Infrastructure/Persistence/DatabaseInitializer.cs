using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>
/// First hosted service to start: prepares the provider's store, refuses a schema newer than this build, applies
/// migrations and ensures the bootstrap key. Everything that touches the database starts after it.
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IDbContextFactory<AiLoggerDbContext> contexts,
    IStoragePreparation preparation,
    RegisteredStorage registered,
    IOptions<StorageOptions> storage,
    IApiKeyStore keys,
    IUserDirectory directoryService,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A host that adds configuration after registering services (as a test host may) would otherwise run one
        // provider's stores under the other's settings.
        if (!string.Equals(registered.Provider, storage.Value.Provider, StringComparison.OrdinalIgnoreCase))
            throw new StorageStartupException(
                $"{StorageOptions.Section}:Provider is {storage.Value.Provider}, but the stores were registered for {registered.Provider}: " +
                "set the provider where the host reads configuration before it registers services (appsettings.json, environment, command line).");
        await preparation.PrepareAsync(cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var newer = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
            if (newer.Count > 0)
                throw new StorageStartupException(
                    $"The database's schema is newer than this build of AI-Logger (it has migration {newer[^1]}, which this build does not know): " +
                    "run the newer version, or restore a backup made by this one.");
            await db.Database.MigrateAsync(cancellationToken);
        }
        logger.LogInformation("Storage ready: {Storage}", preparation.Description);

        await EnsureRolesAndAdminAsync();

        if (bootstrap.Value.ApiKey is { Length: > 0 } secret)
        {
            await keys.EnsureAsync(secret, "Bootstrap key", ApiKeyScopes.All, cancellationToken);
            logger.LogInformation("Bootstrap API key {Prefix}… is active with every scope", ApiKeySecrets.PrefixOf(secret));
        }
        else if (!await keys.AnyAsync(cancellationToken))
        {
            var created = await keys.CreateAsync(new ApiKeyDraft { Name = "First admin key", Scopes = ApiKeyScopes.All }, cancellationToken);
            // Shown once, here: there is no other way to get a first key before anyone can sign in.
            logger.LogWarning(
                "No API key existed, so one was created with every scope. Copy it now, it is not shown again: {ApiKey}  " +
                "(or set AiLogger:Bootstrap:ApiKey to choose your own)", created.Secret);
        }
    }

    private async Task EnsureRolesAndAdminAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        var directory = (UserDirectory)directoryService;
        if (bootstrap.Value is { AdminEmail: { Length: > 0 } email, AdminPassword: { Length: > 0 } password })
        {
            await directory.EnsureAdminAsync(email, password);
            logger.LogInformation("Bootstrap admin {Email} is ready to sign in", email);
        }
        // Without users, the web host prints the one-time setup link once it listens.
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
