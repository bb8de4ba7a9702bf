using System.Threading.Channels;

namespace AiLogger.Domain.Alerts;

/// <summary>Dispose to unsubscribe (when the tab's circuit ends).</summary>
public interface IAlertNotificationSubscription : IDisposable
{
    ChannelReader<AlertNotification> Reader { get; }
}
