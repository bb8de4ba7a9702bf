using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Security;

/// <summary>What an admin asks for when creating a key.</summary>
public sealed record ApiKeyDraft
{
    public const int MaxNameLength = 100;

    public required string Name { get; init; }

    public required ApiKeyScopes Scopes { get; init; }

    public LogLevel? MinimumLevel { get; init; }

    public IReadOnlyDictionary<string, string> AppliedProperties { get; init; } = new Dictionary<string, string>();

    /// <summary>Field errors, keyed by field name; empty when the draft is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = ["A name is required."];
        else if (Name.Length > MaxNameLength) errors["name"] = [$"The name must be at most {MaxNameLength} characters."];
        if (Scopes == ApiKeyScopes.None) errors["scopes"] = ["At least one scope is required: ingest, read or admin."];
        foreach (var name in AppliedProperties.Keys)
            if (string.IsNullOrWhiteSpace(name)) errors["appliedProperties"] = ["Applied property names must not be empty."];
        return errors;
    }
}
