using System.Security.Claims;
using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Security;

/// <summary>
/// Checks a sign-in cookie against the user it names on each request: the account must exist, be enabled and carry the
/// same security stamp as when the cookie was issued. Sign-out, disabling, a role change and a password reset all
/// renew the stamp, so the cookie then stops working everywhere.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal) return;
        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<AiLoggerUser>>();
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var user = await users.GetUserAsync(principal);
        if (user is not null && !user.IsDisabled && principal.FindFirstValue(stampClaim) is { } stamp
            && stamp == await users.GetSecurityStampAsync(user))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
