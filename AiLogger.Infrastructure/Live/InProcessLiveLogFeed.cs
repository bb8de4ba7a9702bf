using System.Collections.Immutable;
using System.Threading.Channels;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Infrastructure.Live;

/// <summary>
/// Fans committed events out to subscribers on this node. Each subscriber has its own bounded channel
/// that drops its oldest events when full, so a slow reader never slows ingest or the others.
/// </summary>
internal sealed class InProcessLiveLogFeed : ILiveLogFeed
{
    private ImmutableArray<Subscription> _subscriptions = [];

    public void Publish(IReadOnlyList<LogEvent> committed)
    {
        var subscriptions = _subscriptions;
        if (subscriptions.IsEmpty) return;
        foreach (var subscription in subscriptions)
            foreach (var e in committed)
                subscription.Offer(e);
    }

    public ILiveSubscription Subscribe(LogQuery filter, int capacity = 1_000)
    {
        var subscription = new Subscription(this, filter, capacity);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));

    private sealed class Subscription : ILiveSubscription
    {
        private readonly InProcessLiveLogFeed _feed;
        private readonly LogQuery _filter;
        private readonly Channel<LogEvent> _channel;
        private long _missed;

        public Subscription(InProcessLiveLogFeed feed, LogQuery filter, int capacity)
        {
            _feed = feed;
            _filter = filter;
            _channel = Channel.CreateBounded<LogEvent>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
                _ => Interlocked.Increment(ref _missed));
        }

        public ChannelReader<LogEvent> Reader => _channel.Reader;

        public long Missed => Interlocked.Read(ref _missed);

        public void Offer(LogEvent e)
        {
            if (_filter.Matches(e)) _channel.Writer.TryWrite(e);
        }

        public void Dispose()
        {
            _feed.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
