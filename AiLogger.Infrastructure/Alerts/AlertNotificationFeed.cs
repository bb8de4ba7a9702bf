using System.Collections.Immutable;
using System.Threading.Channels;
using AiLogger.Domain.Alerts;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// Fan-out of in-app notifications: each subscriber has a small bounded channel that drops its oldest when full. The
/// node that evaluated publishes; with several nodes the relay brings them to the others (<see cref="Deliver"/>).
/// </summary>
internal sealed class AlertNotificationFeed(Live.ILiveRelay relay) : IAlertNotificationFeed
{
    private ImmutableArray<Subscription> _subscriptions = [];

    public void Publish(AlertNotification notification)
    {
        relay.Alert(notification);
        Deliver(notification);
    }

    /// <summary>To this node's subscribers only.</summary>
    internal void Deliver(AlertNotification notification)
    {
        foreach (var subscription in _subscriptions) subscription.Writer.TryWrite(notification);
    }

    public IAlertNotificationSubscription Subscribe(int capacity = 100)
    {
        var subscription = new Subscription(this, capacity);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    private sealed class Subscription(AlertNotificationFeed feed, int capacity) : IAlertNotificationSubscription
    {
        private readonly Channel<AlertNotification> _channel = Channel.CreateBounded<AlertNotification>(
            new BoundedChannelOptions(Math.Max(1, capacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = false, SingleReader = true });

        public ChannelWriter<AlertNotification> Writer => _channel.Writer;

        public ChannelReader<AlertNotification> Reader => _channel.Reader;

        public void Dispose()
        {
            ImmutableInterlocked.Update(ref feed._subscriptions, list => list.Remove(this));
            _channel.Writer.TryComplete();
        }
    }
}
