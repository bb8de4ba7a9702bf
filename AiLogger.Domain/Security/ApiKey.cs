using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Security;

/// <summary>An API key as anyone may see it: never the secret, only its visible prefix.</summary>
public sealed record ApiKey
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The first characters of the secret, to recognise a key in lists and logs.</summary>
    public required string Prefix { get; init; }

    public required ApiKeyScopes Scopes { get; init; }

    public LogLevel? MinimumLevel { get; init; }

    public IReadOnlyDictionary<string, string> AppliedProperties { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public long EventsIngested { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}
