using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AiLogger.Cli.Connection;

/// <summary>
/// The public HTTP API, with its answers turned into <see cref="CliException"/>s that carry the server's own
/// message and the exit code (3 when the server is unreachable or refuses the key, 1 otherwise).
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri server, string? apiKey, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        Server = server;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = server;
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(100);
        if (apiKey is not null) _http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ailogger-cli", typeof(ApiClient).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri Server { get; }

    private const int MaxAttempts = 10;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        }, cancellationToken);

    public Task<JsonElement> PostAsync(string path, Func<HttpContent> content, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() }, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    /// <summary>Sends and reads the JSON answer (an empty element for 204); failures become <see cref="CliException"/>.</summary>
    public async Task<JsonElement> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        string text;
        for (var attempt = 1; ; attempt++)
        {
            response = await OpenAsync(request(), HttpCompletionOption.ResponseContentRead, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
            // A full queue or the rate limit: wait as told, as the server asks every client to.
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests) || attempt >= MaxAttempts
                || response.Headers.RetryAfter?.Delta is not { } wait) break;
            response.Dispose();
            await Task.Delay(wait < MaxWait ? wait : MaxWait, cancellationToken);
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode) throw Refusal(response, text);
        if (text.Length == 0) return default;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw CliException.Failure($"{Server} answered {(int)response.StatusCode} with something that is not JSON; is it an AI-Logger server?");
        }
    }

    /// <summary>Sends and hands back the response (for streams and downloads); only connection failures are turned into exceptions.</summary>
    public async Task<HttpResponseMessage> OpenAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw Unreachable(error);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{Server} did not answer within {_http.Timeout.TotalSeconds:0} s.") { Connection = true };
        }
    }

    public CliException Unreachable(HttpRequestException error)
    {
        var reason = error.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "the connection was refused (is AI-Logger running there?)",
            SocketError.HostNotFound or SocketError.NoData => "the host name is not known",
            SocketError.TimedOut => "the connection timed out",
            _ => socket.Message,
        } : error.Message;
        return new CliException(ExitCodes.Unreachable, $"Cannot reach {Server}: {reason}.") { Connection = true };
    }

    /// <summary>The server's message for a refused request: problem details' <c>detail</c>, Seq's <c>Error</c>, or the status.</summary>
    public CliException Refusal(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var message = ServerMessage(body) ?? $"{status} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => CliException.Unreachable(
                $"The server refused the API key ({message}). Pass one with --api-key, AILOGGER_API_KEY or `ailogger config set api-key <key>`."),
            HttpStatusCode.Forbidden => CliException.Unreachable($"The server refused: {message}"),
            _ => CliException.Failure(status >= 500 ? $"The server failed ({status}): {message}" : message),
        };
    }

    /// <summary>The message of an error body, or null when it has none.</summary>
    public static string? ServerMessage(string body)
    {
        if (body.Length == 0 || body[0] != '{') return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var text = root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()
                : root.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()
                : root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString()
                : null;
            if (text is null && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                text = string.Join("; ", errors.EnumerateObject().Select(f => $"{f.Name}: {f.Value}"));
            return text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
