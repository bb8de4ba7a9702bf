using System.Globalization;
using AiLogger.Domain.Ingest;
using Microsoft.AspNetCore.Http;

namespace AiLogger.Web.Api;

/// <summary>Turns the ingestion path's exceptions into 400 / 413 / 503 answers that say what to do.</summary>
internal sealed class IngestErrorFilter(ILogger<IngestErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (IngestFormatException error)
        {
            return ApiErrors.Result(http, StatusCodes.Status400BadRequest, error.Message);
        }
        catch (PayloadTooLargeException error)
        {
            return ApiErrors.Result(http, StatusCodes.Status413PayloadTooLarge, error.Message);
        }
        catch (IngestQueueFullException error)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(error.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ApiErrors.Result(http, StatusCodes.Status503ServiceUnavailable, "AI-Logger is busy writing earlier events; retry after the Retry-After delay.");
        }
        catch (IngestUnavailableException error)
        {
            logger.LogError(error.InnerException ?? error, "Ingest failed: {Reason}", error.Message);
            http.Response.Headers.RetryAfter = "5";
            return ApiErrors.Result(http, StatusCodes.Status503ServiceUnavailable, error.Message);
        }
        catch (BadHttpRequestException error)
        {
            return ApiErrors.Result(http, error.StatusCode, error.Message);
        }
    }
}
