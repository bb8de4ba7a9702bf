using System.Text;
using System.Text.Json;
using AiLogger.Domain.Alerts;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): <c>{"text": "…"}</c> in mrkdwn.</summary>
internal sealed class SlackNotifier(IHttpClientFactory clients, IOptions<AlertOptions> options) : IAlertNotifier
{
    private const int SamplesShown = 3;

    public string Kind => AlertChannelKinds.Slack;

    public Task<AlertDeliveryResult> SendAsync(AlertChannelEntity channel, AlertMessage message, string body, long? deliveryId, CancellationToken cancellationToken) =>
        HttpDelivery.PostAsync(clients.CreateClient(HttpDelivery.ClientName), channel.Url!,
            JsonSerializer.Serialize(new { text = Text(message) }), null, options.Value.DeliveryTimeout, cancellationToken);

    public static string Text(AlertMessage message)
    {
        var icon = message.State switch { "resolved" => ":white_check_mark:", "test" => ":information_source:", _ => ":rotating_light:" };
        var text = new StringBuilder()
            .Append(icon).Append(" *").Append(Escape(message.Title)).Append("*\n")
            .Append(Escape(message.Measure)).Append(" — ").Append(Escape(message.Condition)).Append('\n');
        foreach (var sample in message.Samples.Take(SamplesShown))
            text.Append("> `").Append(sample.Timestamp.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append(' ')
                .Append(sample.Level).Append("` ").Append(Escape(sample.Message.Length > 200 ? sample.Message[..200] + "…" : sample.Message)).Append('\n');
        text.Append('<').Append(message.Link).Append("|Open in AI-Logger>");
        return text.ToString();
    }

    // Slack's mrkdwn reserves &, < and >; log content is data, never markup.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
