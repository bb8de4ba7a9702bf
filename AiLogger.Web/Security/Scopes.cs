using AiLogger.Domain.Security;

namespace AiLogger.Web.Security;

/// <summary>API key scopes as claims on a key's identity (the policies are in <see cref="Policies"/>).</summary>
public static class Scopes
{
    public const string ClaimType = "scope";
    public const string Ingest = ApiKeyScopeNames.Ingest;
    public const string Read = ApiKeyScopeNames.Read;
    public const string Admin = ApiKeyScopeNames.Admin;
}
