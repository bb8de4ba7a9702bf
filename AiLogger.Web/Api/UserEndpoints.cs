using AiLogger.Domain.Security;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary><c>POST /api/users</c>: creating users from automation, with an admin key.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(Routes.Users).RequireAuthorization(Policies.ApiAdmin).WithTags("Users").DisableAntiforgery();
        users.MapPost("", CreateAsync).Produces<AiLogger.Domain.Security.UserAccount>(201);
        users.MapGet("", async (IUserDirectory directory, CancellationToken ct) => TypedResults.Ok(await directory.ListAsync(ct)));
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateUserRequest? request, IUserDirectory directory, CancellationToken cancellationToken)
    {
        if (request is null) return ApiErrors.Result(http, 400, "Send a JSON object: {\"email\": \"…\", \"password\": \"…\", \"roles\": [\"Operator\"]}.");
        var roles = request.Roles ?? [];
        if (roles.Length != 1)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["roles"] = [$"Give exactly one role: {string.Join(", ", Roles.All)} (each includes the ones before it)."],
            });
        var result = await directory.CreateAsync(request.Email ?? string.Empty, request.Password, roles[0], cancellationToken);
        if (!result.Succeeded) return TypedResults.ValidationProblem(result.Errors, detail: "The user could not be created.");
        var user = result.User!;
        return TypedResults.Created($"{Routes.Users}/{user.Id}", new
        {
            user.Id, user.Email, Roles = new[] { user.Role }, user.CreatedAt,
            // Only when the request left the password out.
            GeneratedPassword = result.GeneratedPassword,
        });
    }

    public sealed record CreateUserRequest(string? Email, string? Password, string[]? Roles);
}
