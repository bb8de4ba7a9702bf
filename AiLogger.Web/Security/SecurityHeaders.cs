namespace AiLogger.Web.Security;

/// <summary>
/// Headers on every answer. The CSP allows only this origin's scripts; styles may be inline because MudBlazor
/// and ApexCharts set them at run time. The API reference page (Scalar) starts with one inline script, allowed by
/// its per-request nonce. The Hangfire dashboard (admins only) ships inline scripts, so it gets the same headers
/// without the CSP.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where Scalar leaves the nonce of its page.</summary>
    private const string NonceItem = Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (!context.Request.Path.StartsWithSegments(Api.Routes.Hangfire, StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.OnStarting(() =>
            {
                if (context.Items[NonceItem] is string { Length: > 0 } nonce)
                    context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal);
                return Task.CompletedTask;
            });
        }
        await next();
    });
}
