using AiLogger.Domain.Alerts;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>Sends one notification to one kind of channel; never throws for a failed delivery, it reports it.</summary>
internal interface IAlertNotifier
{
    string Kind { get; }

    Task<AlertDeliveryResult> SendAsync(AlertChannelEntity channel, AlertMessage message, string body, long? deliveryId, CancellationToken cancellationToken);
}
