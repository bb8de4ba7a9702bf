using AiLogger.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AiLogger.Web.Api;

public static class AccountEndpoints
{
    /// <summary><c>POST /logout</c>: a form post (antiforgery-checked) that ends the session and goes to the sign-in page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Routes.Logout, async ([FromForm] string? returnUrl, SignInManager<AiLoggerUser> signIn, ILogger<SignInManager<AiLoggerUser>> logger, HttpContext http) =>
        {
            logger.LogInformation("{User} signed out", http.User.Identity?.Name);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(Routes.Login);
        }).RequireAuthorization();
        return app;
    }
}
