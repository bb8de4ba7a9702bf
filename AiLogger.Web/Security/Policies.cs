using AiLogger.Domain.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace AiLogger.Web.Security;

/// <summary>
/// Authorization policies. Pages use the role policies (a role includes the ones below it); the API uses the
/// scope policies, which a key with the scope satisfies — and, for reading and administration, a signed-in
/// browser session with the matching role, so the UI can call the API it shows.
/// </summary>
public static class Policies
{
    public const string Operator = Roles.Operator;
    public const string Analyst = Roles.Analyst;
    public const string Admin = Roles.Admin;

    /// <summary>API routes authenticate with a key when one is sent, else with the browser's sign-in cookie.</summary>
    public const string ApiScheme = "ApiKeyOrCookie";

    public static void Add(AuthorizationBuilder authorization)
    {
        foreach (var role in Roles.All)
            authorization.AddPolicy(role, p => p.RequireRole(Roles.AtLeast(role)));

        authorization
            .AddPolicy(Scopes.Ingest, p => p.AddAuthenticationSchemes(ApiScheme).RequireClaim(Scopes.ClaimType, Scopes.Ingest))
            .AddPolicy(Scopes.Read, p => p.AddAuthenticationSchemes(ApiScheme).RequireAssertion(c =>
                c.User.HasClaim(Scopes.ClaimType, Scopes.Read) || Roles.All.Any(c.User.IsInRole)))
            .AddPolicy(Scopes.Admin, p => p.AddAuthenticationSchemes(ApiScheme).RequireAssertion(c =>
                c.User.HasClaim(Scopes.ClaimType, Scopes.Admin) || c.User.IsInRole(Roles.Admin)))
            // Every page and endpoint not marked otherwise needs a signed-in user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().Build());
    }
}
