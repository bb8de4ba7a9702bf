using AiLogger.Web.Api;
using Microsoft.Net.Http.Headers;

namespace AiLogger.Web.Security;

/// <summary>
/// Cross-site request forgery, refused at the door: an API request that changes state and relies on the browser's
/// sign-in cookie (no API key) must come from this origin, carry a header that HTML forms cannot send (cross-origin
/// scripts cannot either, without a CORS grant AI-Logger never gives), and send JSON or a multipart upload, not
/// <c>text/plain</c> or a url-encoded form.
/// </summary>
public static class BrowserRequestGuard
{
    /// <summary>The header AI-Logger's own pages and the documented scripts send; SignalR's client sends <c>X-Requested-With</c>.</summary>
    public const string Header = "X-AiLogger-Request";

    public static IApplicationBuilder UseBrowserRequestGuard(this IApplicationBuilder app, string cookieName) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !Routes.IsApiRoute(request.Path) || !request.Cookies.ContainsKey(cookieName)
            || ApiKeyAuthenticationHandler.FindSecret(request) is not null)
        {
            await next();
            return;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !SameHost(origin, request))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"A request from {origin} may not use this session: changes through the sign-in cookie come from AI-Logger's own pages. Scripts send an API key.");
            return;
        }
        if (!request.Headers.ContainsKey(Header) && !request.Headers.ContainsKey("X-Requested-With"))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"A change made with the sign-in cookie needs the {Header} header (any value); scripts send an API key instead.");
            return;
        }
        if (HasBody(request) && !AcceptedMediaType(request.ContentType))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Send the body as application/json (or multipart/form-data for uploads), not '{request.ContentType}'.");
            return;
        }
        await next();
    });

    private static bool SameHost(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    private static bool AcceptedMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase));
}
