using System.Security.Claims;
using System.Text.Encodings.Web;
using AiLogger.Domain.Security;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Security;

/// <summary>
/// API keys from <c>X-API-Key</c>, <c>X-Seq-ApiKey</c>, <c>Authorization: Bearer</c> or <c>?apiKey=</c>.
/// Failures answer 401/403 with a message saying what to send, in Seq's shape on Seq's routes.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyRequiredMessage =
        "An API key is required: send it in the X-API-Key header (or X-Seq-ApiKey, Authorization: Bearer, ?apiKey=).";
    private const string FailureItem = "ailogger.apikey.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = FindSecret(Request);
        if (secret is null) return AuthenticateResult.NoResult();

        var key = await keys.AuthenticateAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            Logger.LogWarning("Refused an unknown or revoked API key ({Prefix}…) from {Remote} for {Path}",
                secret.Length >= 4 ? secret[..4] : "?", Context.Connection.RemoteIpAddress, Request.Path);
            Context.Items[FailureItem] = "The API key is unknown or has been revoked.";
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        Context.Features.Set(new ApiKeyFeature(key));
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
        };
        claims.AddRange(ApiKeyScopeNames.ToNames(key.Scopes).Select(scope => new Claim(Scopes.ClaimType, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var message = Context.Items[FailureItem] as string ?? KeyRequiredMessage;
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Policies.ScopeOf(Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy);
        var name = Context.Features.Get<ApiKeyFeature>()?.Key.Name;
        var message = scope is null
            ? $"API keys may not use {Request.Path}: sign in to AI-Logger in a browser instead."
            : $"The API key '{name}' does not have the '{scope}' scope this route needs.";
        Logger.LogWarning("API key {KeyName} refused on {Path}: lacks scope {Scope}", name, Request.Path, scope);
        return ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, message);
    }

    internal static string? FindSecret(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-API-Key", out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        if (request.Headers.TryGetValue("X-Seq-ApiKey", out header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        if (request.Query.TryGetValue("apiKey", out var query) && !string.IsNullOrWhiteSpace(query)) return query.ToString().Trim();
        // SignalR clients put the key there for WebSockets and Server-Sent Events, which cannot carry headers.
        if (request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrWhiteSpace(token))
            return token.ToString().Trim();
        return null;
    }
}
