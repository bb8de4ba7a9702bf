using AiLogger.Domain.Alerts;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>Picks the notifier for a channel's kind.</summary>
internal sealed class AlertNotifiers(IEnumerable<IAlertNotifier> notifiers)
{
    private readonly Dictionary<string, IAlertNotifier> _byKind = notifiers.ToDictionary(n => n.Kind, StringComparer.OrdinalIgnoreCase);

    public async Task<AlertDeliveryResult> SendAsync(AlertChannelEntity channel, string body, long? deliveryId, CancellationToken cancellationToken)
    {
        if (!_byKind.TryGetValue(channel.Kind, out var notifier))
            return AlertDeliveryResult.Failed($"No notifier for channels of kind '{channel.Kind}'.", TimeSpan.Zero);
        AlertMessage message;
        try
        {
            message = AlertMessage.Parse(body);
        }
        catch (System.Text.Json.JsonException error)
        {
            return AlertDeliveryResult.Failed($"The queued notification could not be read: {error.Message}", TimeSpan.Zero);
        }
        try
        {
            return await notifier.SendAsync(channel, message, body, deliveryId, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever a notifier did not foresee is still a failed delivery, retried and shown on the channel.
            return AlertDeliveryResult.Failed($"{error.GetType().Name}: {error.Message}", TimeSpan.Zero);
        }
    }
}
