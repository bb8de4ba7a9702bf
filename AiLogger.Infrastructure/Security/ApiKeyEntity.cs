namespace AiLogger.Infrastructure.Security;

/// <summary>A stored key: the secret only as a SHA-256 hash.</summary>
public sealed class ApiKeyEntity
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public string SecretHash { get; set; } = string.Empty;

    public int Scopes { get; set; }

    public int? MinimumLevel { get; set; }

    /// <summary>JSON object of name → value.</summary>
    public string? AppliedProperties { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public long EventsIngested { get; set; }
}
