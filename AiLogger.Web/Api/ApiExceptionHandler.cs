using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace AiLogger.Web.Api;

/// <summary>
/// The last line for API routes: an exception no endpoint turned into an answer still gets the one error shape, with
/// the status that fits it (400, 409, 413, 503), and never a stack trace. Unforeseen failures are 500s that say where the
/// reason is.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true;
        if (!Routes.IsApiRoute(http.Request.Path)) return false;
        if (exception is IngestQueueFullException full)
            http.Response.Headers.RetryAfter = Math.Ceiling(full.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (status, message) = exception switch
        {
            BadHttpRequestException e => (e.StatusCode, e.Message),
            LogQuerySyntaxException e => (StatusCodes.Status400BadRequest, e.Message),
            IngestFormatException e => (StatusCodes.Status400BadRequest, e.Message),
            Domain.SystemMetrics.MetricQueryException e => (StatusCodes.Status400BadRequest, e.Message),
            PayloadTooLargeException e => (StatusCodes.Status413PayloadTooLarge, e.Message),
            QueryTooExpensiveException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
            StorageUnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
            BackupsUnavailableException e => (StatusCodes.Status409Conflict, e.Message),
            IngestQueueFullException => (StatusCodes.Status503ServiceUnavailable, "AI-Logger is busy with earlier requests; retry after the Retry-After delay."),
            _ => (StatusCodes.Status500InternalServerError, "AI-Logger could not answer this request; the reason is in its own log."),
        };
        if (status >= 500 && exception is not QueryTooExpensiveException)
            logger.LogError(exception, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
        await ApiErrors.WriteAsync(http, status, message);
        return true;
    }
}
