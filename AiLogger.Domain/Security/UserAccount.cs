namespace AiLogger.Domain.Security;

/// <summary>A person who signs in to the UI.</summary>
public sealed record UserAccount
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    /// <summary>One of <see cref="Roles"/>, or null for a user without access.</summary>
    public string? Role { get; init; }

    public bool IsDisabled { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSignInAt { get; init; }
}
