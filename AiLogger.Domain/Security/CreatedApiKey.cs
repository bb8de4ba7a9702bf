namespace AiLogger.Domain.Security;

/// <summary>A new key with its secret: the only moment the secret exists outside the client.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
