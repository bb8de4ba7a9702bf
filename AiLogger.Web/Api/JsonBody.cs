using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Infrastructure.Ingest.Formats;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>
/// The JSON body of a management request (rules, channels, settings), read through <see cref="RequestBody"/> (so the
/// body limit and the in-flight budget apply) with the nesting limit of ingestion. A malformed body answers 400
/// naming the field at fault, never the framework's bare 400.
/// </summary>
public static class JsonBody
{
    /// <param name="example">A body that would do, for the error message.</param>
    /// <param name="expected">What a field holds, for the message when it has the wrong type ("a number").</param>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(
        HttpContext http, string example, IReadOnlyDictionary<string, string>? expected, CancellationToken cancellationToken) where T : class
    {
        var settings = http.RequestServices.GetRequiredService<EventReaderSettings>();
        var options = new JsonSerializerOptions(http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)
        {
            MaxDepth = settings.DocumentOptions.MaxDepth,
        };
        try
        {
            using var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken);
            var value = body.Memory.IsEmpty ? null : JsonSerializer.Deserialize<T>(body.Memory.Span, options);
            return value is null ? (null, ApiErrors.Result(http, 400, $"Send a JSON object: {example}.")) : (value, null);
        }
        catch (PayloadTooLargeException error)
        {
            return (null, ApiErrors.Result(http, 413, error.Message));
        }
        catch (JsonException error)
        {
            // "$.channels[2]" → "channels": errors are keyed by the request's field.
            var field = error.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('[', '.')[0] : null;
            if (field is null) return (null, ApiErrors.Result(http, 400, $"The body is not valid JSON ({JsonEventFields.Explain(error)}). Send a JSON object: {example}."));
            var what = expected?.GetValueOrDefault(field) ?? "a string, number or boolean as documented";
            var message = $"'{field}' has the wrong type: {what} is expected.";
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message));
        }
    }
}
