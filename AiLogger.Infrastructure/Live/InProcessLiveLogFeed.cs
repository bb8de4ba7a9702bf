using System.Collections.Immutable;
using System.Threading.Channels;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Infrastructure.Live;

/// <summary>
/// Fans committed events out to subscribers on this node. The writer only hands each committed group to a
/// bounded queue; a dispatcher thread applies each subscriber's filter and offers the matches to the
/// subscriber's own bounded channel, which drops its oldest events when full. So neither a slow reader nor an
/// expensive filter ever slows ingest or the other subscribers; what a subscriber loses is counted for it.
/// With several nodes, this node's commits are also handed to the relay, and the other nodes' arrive through
/// <see cref="Deliver"/>: each is delivered here once, in its node's commit order.
/// </summary>
internal sealed class InProcessLiveLogFeed : ILiveLogFeed, IDisposable
{
    private const int QueuedGroups = 4_096;
    private readonly Channel<IReadOnlyList<LogEvent>> _committed;
    private readonly Task _dispatcher;
    private ImmutableArray<Subscription> _subscriptions = [];

    private readonly ILiveRelay _relay;

    public InProcessLiveLogFeed(ILiveRelay relay)
    {
        _relay = relay;
        _committed = Channel.CreateBounded<IReadOnlyList<LogEvent>>(
            new BoundedChannelOptions(QueuedGroups) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                // The dispatcher fell that far behind: every subscriber may have missed these.
                foreach (var subscription in _subscriptions) subscription.Missed(dropped.Count);
            });
        _dispatcher = Task.Factory.StartNew(DispatchAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public void Publish(IReadOnlyList<LogEvent> committed)
    {
        if (committed.Count == 0) return;
        _relay.Events(committed);
        Deliver(committed);
    }

    /// <summary>To this node's subscribers only: another node's commits.</summary>
    internal void Deliver(IReadOnlyList<LogEvent> committed)
    {
        if (committed.Count > 0 && !_subscriptions.IsEmpty) _committed.Writer.TryWrite(committed);
    }

    /// <summary>Events every subscriber may have missed (another node's that never arrived).</summary>
    internal void MissedByAll(long events)
    {
        foreach (var subscription in _subscriptions) subscription.Missed(events);
    }

    public ILiveSubscription Subscribe(LogQuery filter, int capacity = 1_000)
    {
        var subscription = new Subscription(this, filter, capacity);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    private async Task DispatchAsync()
    {
        await foreach (var group in _committed.Reader.ReadAllAsync())
        {
            var subscriptions = _subscriptions;
            foreach (var subscription in subscriptions)
                foreach (var e in group)
                    subscription.Offer(e);
        }
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));

    public void Dispose()
    {
        _committed.Writer.TryComplete();
        _dispatcher.Wait(TimeSpan.FromSeconds(5));
    }

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

        long ILiveSubscription.Missed => Interlocked.Read(ref _missed);

        public void Missed(long events) => Interlocked.Add(ref _missed, events);

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
