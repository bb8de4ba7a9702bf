using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiLogger.Domain.Alerts;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// POSTs the alert as JSON. With a secret, <c>X-AiLogger-Signature: sha256=&lt;hex&gt;</c> is the HMAC-SHA256 of the exact
/// body, so the receiver can check it came from us; <c>X-AiLogger-Delivery</c> lets it drop a retried duplicate.
/// </summary>
internal sealed class WebhookNotifier(IHttpClientFactory clients, IOptions<AlertOptions> options) : IAlertNotifier
{
    public const string SignatureHeader = "X-AiLogger-Signature";
    public const string EventHeader = "X-AiLogger-Event";
    public const string DeliveryHeader = "X-AiLogger-Delivery";

    public string Kind => AlertChannelKinds.Webhook;

    public Task<AlertDeliveryResult> SendAsync(AlertChannelEntity channel, AlertMessage message, string body, long? deliveryId, CancellationToken cancellationToken) =>
        HttpDelivery.PostAsync(clients.CreateClient(HttpDelivery.ClientName), channel.Url!, body, headers =>
        {
            headers.Add(EventHeader, message.State);
            if (deliveryId is { } id) headers.Add(DeliveryHeader, id.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(channel.Secret)) headers.Add(SignatureHeader, Sign(channel.Secret, body));
        }, options.Value.DeliveryTimeout, cancellationToken);

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
