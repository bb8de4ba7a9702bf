using AiLogger.Infrastructure.Persistence;

namespace AiLogger.Web.Api;

public static class HealthEndpoints
{
    /// <summary><c>GET /healthz</c>: liveness plus a database round trip; no key needed.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.Health, async (IStorageHealth storage, CancellationToken ct) =>
            await storage.CheckAsync(ct) is { } failure
                ? Results.Json(new { status = "Unhealthy", database = failure }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Ok(new { status = "Healthy", database = "ok" }))
            .AllowAnonymous().WithTags("Health").Produces<HealthResponse>().Produces<HealthResponse>(503);
        return app;
    }

    public sealed record HealthResponse(string Status, string Database);
}
