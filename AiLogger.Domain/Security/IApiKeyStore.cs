namespace AiLogger.Domain.Security;

public interface IApiKeyStore
{
    Task<CreatedApiKey> CreateAsync(ApiKeyDraft draft, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the key at once; false when no such key exists.</summary>
    Task<bool> RevokeAsync(long id, CancellationToken cancellationToken);

    /// <summary>The active key with this secret, or null (unknown or revoked).</summary>
    ValueTask<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken);

    /// <summary>Makes sure a key with this exact secret exists (for <c>AiLogger:Bootstrap:ApiKey</c>).</summary>
    Task EnsureAsync(string secret, string name, ApiKeyScopes scopes, CancellationToken cancellationToken);

    Task<bool> AnyAsync(CancellationToken cancellationToken);
}
