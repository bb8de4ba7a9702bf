namespace AiLogger.Domain.Alerts;

/// <summary>
/// In-app notifications on this node, as they happen: each subscriber (a browser tab's toast and bell) gets its own
/// bounded channel that drops its oldest notifications if it falls behind. Published after the change is committed.
/// </summary>
public interface IAlertNotificationFeed
{
    void Publish(AlertNotification notification);

    IAlertNotificationSubscription Subscribe(int capacity = 100);
}
