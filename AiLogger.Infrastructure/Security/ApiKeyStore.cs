using System.Collections.Concurrent;
using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using LogLevel = AiLogger.Domain.Logs.LogLevel;

namespace AiLogger.Infrastructure.Security;

/// <summary>
/// Keys in the database, looked up by secret hash. Authentications are cached for a few seconds; a revoke on
/// this node takes effect at once.
/// </summary>
internal sealed class ApiKeyStore(IDbContextFactory<AiLoggerDbContext> contexts, TimeProvider time, ILogger<ApiKeyStore> logger) : IApiKeyStore
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<CreatedApiKey> CreateAsync(ApiKeyDraft draft, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.Generate();
        var entity = ToEntity(draft, secret);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(ToDomain(entity), secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entities = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return entities.Select(ToDomain).ToList();
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (entity is null) return false;
        entity.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(entity.SecretHash, out _);
        return true;
    }

    public async ValueTask<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 256) return null;
        var hash = ApiKeySecrets.Hash(secret);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now) return cached.Key;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiKeys.FirstOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        if (entity is null || entity.RevokedAt is not null)
        {
            _cache.TryRemove(hash, out _);
            return null;
        }
        if (entity.LastUsedAt is null || now - entity.LastUsedAt > LastUsedResolution)
        {
            entity.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("API key {KeyName} ({Prefix}…) in use", entity.Name, entity.Prefix);
        }
        var key = ToDomain(entity);
        if (_cache.Count >= CacheLimit) _cache.Clear();
        _cache[hash] = (key, now + CacheFor);
        return key;
    }

    public async Task EnsureAsync(string secret, string name, ApiKeyScopes scopes, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiKeys.FirstOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        if (entity is null)
        {
            db.ApiKeys.Add(ToEntity(new ApiKeyDraft { Name = name, Scopes = scopes }, secret));
        }
        else
        {
            // Configuration wins: a bootstrap key revoked in the UI comes back while it stays configured.
            entity.Scopes = (int)scopes;
            entity.RevokedAt = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(hash, out _);
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AnyAsync(k => k.RevokedAt == null, cancellationToken);
    }

    private ApiKeyEntity ToEntity(ApiKeyDraft draft, string secret) => new()
    {
        Name = draft.Name.Trim(),
        Prefix = ApiKeySecrets.PrefixOf(secret),
        SecretHash = ApiKeySecrets.Hash(secret),
        Scopes = (int)draft.Scopes,
        MinimumLevel = draft.MinimumLevel is { } level ? (int)level : null,
        AppliedProperties = draft.AppliedProperties.Count == 0 ? null : JsonSerializer.Serialize(draft.AppliedProperties),
        CreatedAt = time.GetUtcNow(),
    };

    private static ApiKey ToDomain(ApiKeyEntity entity) => new()
    {
        Id = entity.Id,
        Name = entity.Name,
        Prefix = entity.Prefix,
        Scopes = (ApiKeyScopes)entity.Scopes,
        MinimumLevel = entity.MinimumLevel is { } level ? (LogLevel)level : null,
        AppliedProperties = string.IsNullOrEmpty(entity.AppliedProperties)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(entity.AppliedProperties) ?? new Dictionary<string, string>(),
        CreatedAt = entity.CreatedAt,
        LastUsedAt = entity.LastUsedAt,
        RevokedAt = entity.RevokedAt,
        EventsIngested = entity.EventsIngested,
    };
}
