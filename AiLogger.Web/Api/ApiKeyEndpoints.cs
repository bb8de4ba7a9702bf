using AiLogger.Domain.Logs;
using AiLogger.Domain.Security;
using AiLogger.Web.Security;

namespace AiLogger.Web.Api;

/// <summary>Admin API for keys: the secret is returned once, by the create call, and never listed.</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup(Routes.Keys).RequireAuthorization(Policies.ApiAdmin).WithTags("API keys").DisableAntiforgery();
        keys.MapPost("", CreateAsync).Produces<ApiKeyResponse>(201);
        keys.MapGet("", async (IApiKeyStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(ApiKeyResponse.From)));
        keys.MapDelete("/{id:long}", async (HttpContext http, long id, IApiKeyStore store, CancellationToken ct) =>
            await store.RevokeAsync(id, ct) ? Results.NoContent() : ApiErrors.Result(http, 404, $"No API key has id {id}.")).Produces(204);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateApiKeyRequest? request, IApiKeyStore store, CancellationToken cancellationToken)
    {
        if (request is null) return ApiErrors.Result(http, 400, "Send a JSON object: {\"name\": \"…\", \"scopes\": [\"ingest\"]}.");
        var errors = new Dictionary<string, string[]>();
        var scopes = ApiKeyScopes.None;
        foreach (var name in request.Scopes ?? [])
        {
            if (name is not null && ApiKeyScopeNames.TryParse(name, out var scope)) scopes |= scope;
            else errors["scopes"] = [$"Unknown scope '{name ?? "null"}'; use ingest, read or admin."];
        }
        if (request.AppliedProperties?.FirstOrDefault(p => p.Value is null) is { Key: { } nullValue })
            errors["appliedProperties"] = [$"The applied property '{nullValue}' needs a value (a string)."];
        LogLevel? minimumLevel = null;
        if (!string.IsNullOrWhiteSpace(request.MinimumLevel))
        {
            if (LogLevels.TryParse(request.MinimumLevel, out var level)) minimumLevel = level;
            else errors["minimumLevel"] = [$"'{request.MinimumLevel}' is not a level; use one of {LogLevels.AcceptedNames}."];
        }
        var draft = new ApiKeyDraft
        {
            Name = request.Name ?? string.Empty,
            Scopes = scopes,
            MinimumLevel = minimumLevel,
            AppliedProperties = request.AppliedProperties ?? new Dictionary<string, string>(),
        };
        foreach (var (field, messages) in draft.Validate()) errors.TryAdd(field, messages);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The API key request is not valid.");

        var created = await store.CreateAsync(draft, cancellationToken);
        return TypedResults.Created($"{Routes.Keys}/{created.Key.Id}", ApiKeyResponse.From(created.Key) with { Key = created.Secret });
    }

    public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, string? MinimumLevel, Dictionary<string, string>? AppliedProperties);

    public sealed record ApiKeyResponse(
        long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, string? MinimumLevel,
        IReadOnlyDictionary<string, string> AppliedProperties, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt, long EventsIngested)
    {
        /// <summary>The secret: only in the answer to the create call.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Key { get; init; }

        public static ApiKeyResponse From(ApiKey key) => new(
            key.Id, key.Name, key.Prefix, ApiKeyScopeNames.ToNames(key.Scopes), key.MinimumLevel?.Name(),
            key.AppliedProperties, key.CreatedAt, key.LastUsedAt, key.RevokedAt, key.EventsIngested);
    }
}
