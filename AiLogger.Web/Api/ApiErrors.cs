using Microsoft.AspNetCore.Mvc;

namespace AiLogger.Web.Api;

/// <summary>
/// Error bodies: Seq's <c>{"Error":"…"}</c> on Seq's routes, OTLP's <c>google.rpc.Status</c> on OTLP's, RFC 7807
/// problem details elsewhere.
/// </summary>
public static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message, IDictionary<string, object?>? extensions = null)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        if (Routes.IsOtlpRoute(context.Request.Path)) return OtlpEncoding.WriteErrorAsync(context, status, message);
        context.Response.StatusCode = status;
        if (Routes.IsSeqRoute(context.Request.Path))
            return context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["Error"] = message });
        return context.Response.WriteAsJsonAsync(Problem(status, message, extensions), options: null, contentType: "application/problem+json");
    }

    public static IResult Result(HttpContext context, int status, string message, IDictionary<string, object?>? extensions = null) =>
        Routes.IsOtlpRoute(context.Request.Path) ? OtlpEncoding.Error(context, status, message)
        : Routes.IsSeqRoute(context.Request.Path)
            ? TypedResults.Json(new Dictionary<string, string> { ["Error"] = message }, statusCode: status)
            : TypedResults.Problem(Problem(status, message, extensions));

    private static ProblemDetails Problem(int status, string message, IDictionary<string, object?>? extensions)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                400 => "The request is not valid.",
                401 => "Authentication required.",
                403 => "Not allowed.",
                404 => "Not found.",
                413 => "Too large.",
                415 => "Unsupported media type.",
                429 => "Too many requests.",
                503 => "Unavailable, retry shortly.",
                _ => "The request failed.",
            },
            Detail = message,
        };
        if (extensions is not null)
            foreach (var (name, value) in extensions) problem.Extensions[name] = value;
        return problem;
    }
}
