using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace AiLogger.Web.Api;

public static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /logout</c>: the header's sign-out form (antiforgery-checked). It ends the session on the server too: a
    /// new security stamp makes every cookie issued before it, copies included, fail their next validation.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Routes.Logout, async (HttpContext http, IAntiforgery antiforgery, SignInManager<AiLoggerUser> signIn, ILogger<SignInManager<AiLoggerUser>> logger) =>
        {
            if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
                return ApiErrors.Result(http, StatusCodes.Status400BadRequest,
                    "Sign out with the Sign out button of an AI-Logger page: this request carries no valid form token.");
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
            logger.LogInformation("{User} signed out", http.User.Identity?.Name);
            await signIn.SignOutAsync();
            return Results.LocalRedirect(Routes.Login);
        }).RequireAuthorization().DisableAntiforgery();
        return app;
    }
}
