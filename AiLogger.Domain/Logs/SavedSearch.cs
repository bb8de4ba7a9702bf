namespace AiLogger.Domain.Logs;

/// <summary>A named query (and time range) a user keeps; shared ones are listed for everyone.</summary>
public sealed record SavedSearch
{
    public const int MaxNameLength = 80;

    public long Id { get; init; }

    public required string OwnerId { get; init; }

    public required string Name { get; init; }

    public required string Query { get; init; }

    /// <summary>A relative range such as <c>1h</c>, or null for the page's default.</summary>
    public string? Range { get; init; }

    public bool Shared { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
