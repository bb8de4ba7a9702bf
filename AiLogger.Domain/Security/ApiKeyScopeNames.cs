namespace AiLogger.Domain.Security;

/// <summary>Scope names as the API spells them: <c>ingest</c>, <c>read</c>, <c>admin</c>.</summary>
public static class ApiKeyScopeNames
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    public static IReadOnlyList<string> ToNames(ApiKeyScopes scopes)
    {
        var names = new List<string>(3);
        if (scopes.HasFlag(ApiKeyScopes.Ingest)) names.Add(Ingest);
        if (scopes.HasFlag(ApiKeyScopes.Read)) names.Add(Read);
        if (scopes.HasFlag(ApiKeyScopes.Admin)) names.Add(Admin);
        return names;
    }

    public static bool TryParse(string name, out ApiKeyScopes scope)
    {
        scope = name.Trim().ToLowerInvariant() switch
        {
            Ingest => ApiKeyScopes.Ingest,
            Read => ApiKeyScopes.Read,
            Admin => ApiKeyScopes.Admin,
            _ => ApiKeyScopes.None,
        };
        return scope != ApiKeyScopes.None;
    }
}
