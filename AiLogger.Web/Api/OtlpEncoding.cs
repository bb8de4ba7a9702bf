using AiLogger.Infrastructure.Ingest.Otlp;
using Google.Protobuf;

namespace AiLogger.Web.Api;

/// <summary>
/// OTLP/HTTP's two encodings: the answer (success or <c>google.rpc.Status</c> error) is written in the request's,
/// protobuf for <c>application/x-protobuf</c>, JSON otherwise.
/// </summary>
internal static class OtlpEncoding
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    public static bool IsProtobuf(HttpRequest request) =>
        request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) ?? false;

    public static bool IsJson(HttpRequest request) =>
        request.ContentType?.StartsWith(Json, StringComparison.OrdinalIgnoreCase) ?? false;

    public static IResult Message(HttpContext http, IMessage message, int status = StatusCodes.Status200OK) => new MessageResult(message, status, IsProtobuf(http.Request));

    /// <summary>The error body OTLP asks for: a <c>google.rpc.Status</c> with the gRPC code that matches the HTTP status.</summary>
    public static IResult Error(HttpContext http, int status, string message) =>
        new MessageResult(new Infrastructure.Ingest.Otlp.Proto.Rpc.Status { Code = GrpcCode(status), Message = message }, status, IsProtobuf(http.Request));

    public static Task WriteErrorAsync(HttpContext http, int status, string message) => Error(http, status, message).ExecuteAsync(http);

    private static int GrpcCode(int status) => status switch
    {
        400 or 415 => 3, // INVALID_ARGUMENT
        401 => 16, // UNAUTHENTICATED
        403 => 7, // PERMISSION_DENIED
        404 => 5, // NOT_FOUND
        413 or 429 => 8, // RESOURCE_EXHAUSTED
        503 => 14, // UNAVAILABLE
        _ => 2, // UNKNOWN
    };

    private sealed class MessageResult(IMessage message, int status, bool protobuf) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            if (http.Response.HasStarted) return;
            http.Response.StatusCode = status;
            if (protobuf)
            {
                http.Response.ContentType = Protobuf;
                await http.Response.Body.WriteAsync(message.ToByteArray(), http.RequestAborted);
            }
            else
            {
                http.Response.ContentType = Json;
                await http.Response.WriteAsync(OtlpJson.Format(message), http.RequestAborted);
            }
        }
    }
}
