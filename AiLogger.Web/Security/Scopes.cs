using AiLogger.Domain.Security;

namespace AiLogger.Web.Security;

/// <summary>Authorization policies, one per API key scope; the policy names are the scope names.</summary>
public static class Scopes
{
    public const string ClaimType = "scope";
    public const string Ingest = ApiKeyScopeNames.Ingest;
    public const string Read = ApiKeyScopeNames.Read;
    public const string Admin = ApiKeyScopeNames.Admin;
}
