namespace AiLogger.Domain.Security;

/// <summary>The outcome of a change to a user: the account, a password generated for it (shown once), or field errors.</summary>
public sealed record UserResult
{
    public UserAccount? User { get; init; }

    public string? GeneratedPassword { get; init; }

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    public bool Succeeded => Errors.Count == 0;

    public static UserResult Failed(string field, params string[] messages) => new() { Errors = new Dictionary<string, string[]> { [field] = messages } };
}
