using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using AiLogger.Domain.Alerts;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>POSTs a JSON body and turns the outcome into a delivery result (2xx is success; anything else says why).</summary>
internal static class HttpDelivery
{
    public const string ClientName = "AiLogger.Alerts";

    public static async Task<AlertDeliveryResult> PostAsync(
        HttpClient client, string url, string body, Action<HttpRequestHeaders>? headers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AiLogger-Alerts", "1.0"));
        headers?.Invoke(request.Headers);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode) return AlertDeliveryResult.Delivered(clock.Elapsed);
            // Status and reason only: the body of whatever the URL points at is not AI-Logger's to show.
            var redirect = (int)response.StatusCode is >= 300 and < 400 ? " (redirects are not followed: give the final URL)" : "";
            return AlertDeliveryResult.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {Host(url)}{redirect}.", clock.Elapsed);
        }
        catch (HttpRequestException error) when (error.InnerException is ChannelHostRefusedException refused)
        {
            return AlertDeliveryResult.Failed($"Not sent: {refused.Message}.", clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AlertDeliveryResult.Failed($"No answer from {Host(url)} within {timeout.TotalSeconds:0.#} s.", clock.Elapsed);
        }
        catch (HttpRequestException error)
        {
            return AlertDeliveryResult.Failed($"Could not reach {Host(url)}: {error.Message}", clock.Elapsed);
        }
    }

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;
}
