using AiLogger.Domain.Ingest;
using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Web.Api;

/// <summary>Model monitoring's refusals as answers: 404 for an unknown model, 400 listing the bad records or fields, 413, 503.</summary>
internal sealed class ModelErrorFilter(ILogger<ModelErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (UnknownModelException error)
        {
            return ApiErrors.Result(http, StatusCodes.Status404NotFound, error.Message);
        }
        catch (ModelIngestException error)
        {
            return ApiErrors.Result(http, StatusCodes.Status400BadRequest, error.Message, new Dictionary<string, object?>
            {
                ["errors"] = error.Errors,
                ["totalErrors"] = error.TotalErrors,
            });
        }
        catch (ModelSettingsException error)
        {
            return TypedResults.ValidationProblem(error.Errors, detail: error.Message);
        }
        catch (IngestFormatException error)
        {
            return ApiErrors.Result(http, StatusCodes.Status400BadRequest, error.Message);
        }
        catch (PayloadTooLargeException error)
        {
            return ApiErrors.Result(http, StatusCodes.Status413PayloadTooLarge, error.Message);
        }
        catch (IngestUnavailableException error)
        {
            logger.LogWarning(error.InnerException ?? error, "Model data not stored: {Reason}", error.Message);
            http.Response.Headers.RetryAfter = "5";
            return ApiErrors.Result(http, StatusCodes.Status503ServiceUnavailable, error.Message);
        }
        catch (BadHttpRequestException error)
        {
            return ApiErrors.Result(http, error.StatusCode, error.Message);
        }
    }
}
