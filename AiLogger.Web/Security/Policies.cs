using AiLogger.Domain.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace AiLogger.Web.Security;

/// <summary>
/// Authorization policies, with names that cannot collide (policy names compare case-insensitively). Pages use the
/// <c>page:</c> policies: the sign-in cookie only, with the role or one above it — a key never opens a page. API routes
/// use the <c>api:</c> policies: a key with the scope, or a signed-in user with the role the UI asks for the same
/// data, so the API never shows a role what its pages deny it.
/// </summary>
public static class Policies
{
    public const string Operator = "page:" + Roles.Operator;
    public const string Analyst = "page:" + Roles.Analyst;
    public const string Admin = "page:" + Roles.Admin;

    /// <summary>Sending data: keys with the <c>ingest</c> scope (applications, not people).</summary>
    public const string ApiIngest = "api:ingest";

    /// <summary>Logs, live tail, alerts, traces: the <c>read</c> scope, or Operator and up.</summary>
    public const string ApiRead = "api:read";

    /// <summary>Models, tests, system metrics: the <c>read</c> scope, or Analyst and up.</summary>
    public const string ApiReadAnalytics = "api:read-analytics";

    /// <summary>Configuration (keys, users, alert rules, imports, storage): the <c>admin</c> scope, or Admin.</summary>
    public const string ApiAdmin = "api:admin";

    /// <summary>The API's description: any key, or anyone signed in.</summary>
    public const string ApiDocs = "api:docs";

    /// <summary>API routes authenticate with a key when one is sent, else with the browser's sign-in cookie.</summary>
    public const string ApiScheme = "ApiKeyOrCookie";

    /// <summary>The key scope an API policy asks for, for the 403 message.</summary>
    public static string? ScopeOf(string? policy) => policy switch
    {
        ApiIngest => Scopes.Ingest,
        ApiRead or ApiReadAnalytics => Scopes.Read,
        ApiAdmin => Scopes.Admin,
        _ => null,
    };

    public static void Add(AuthorizationBuilder authorization)
    {
        foreach (var role in Roles.All)
            authorization.AddPolicy("page:" + role, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.AtLeast(role)));

        authorization
            .AddPolicy(ApiIngest, p => p.AddAuthenticationSchemes(ApiScheme).RequireClaim(Scopes.ClaimType, Scopes.Ingest))
            .AddPolicy(ApiRead, p => p.AddAuthenticationSchemes(ApiScheme).RequireAssertion(c => Allows(c.User, Scopes.Read, Roles.Operator)))
            .AddPolicy(ApiReadAnalytics, p => p.AddAuthenticationSchemes(ApiScheme).RequireAssertion(c => Allows(c.User, Scopes.Read, Roles.Analyst)))
            .AddPolicy(ApiAdmin, p => p.AddAuthenticationSchemes(ApiScheme).RequireAssertion(c => Allows(c.User, Scopes.Admin, Roles.Admin)))
            .AddPolicy(ApiDocs, p => p.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser())
            // Every page and endpoint not marked otherwise needs a signed-in user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().Build());
    }

    /// <summary>A key by its scope, a person by their role; a key's identity carries no roles and a cookie's no scopes.</summary>
    private static bool Allows(System.Security.Claims.ClaimsPrincipal user, string scope, string role) =>
        user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
            ? user.HasClaim(Scopes.ClaimType, scope)
            : Roles.AtLeast(role).Any(user.IsInRole);
}
