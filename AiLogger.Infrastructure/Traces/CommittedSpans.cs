using AiLogger.Domain.Traces;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Traces;

/// <summary>The feed of committed spans: this node's (also handed to the relay for the other nodes) and the other nodes' (<see cref="Deliver"/>).</summary>
internal sealed class CommittedSpans(Live.ILiveRelay relay, ILogger<CommittedSpans> logger) : ITraceFeed
{
    private readonly Lock _gate = new();
    private Action<IReadOnlyList<Span>>[] _subscribers = [];

    public IDisposable Subscribe(Action<IReadOnlyList<Span>> committed)
    {
        lock (_gate) _subscribers = [.. _subscribers, committed];
        return new Subscription(this, committed);
    }

    internal void Publish(IReadOnlyList<Span> spans)
    {
        relay.Spans(spans);
        Deliver(spans);
    }

    /// <summary>To this node's subscribers only.</summary>
    internal void Deliver(IReadOnlyList<Span> spans)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(spans);
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "A committed-spans subscriber failed");
            }
        }
    }

    private void Unsubscribe(Action<IReadOnlyList<Span>> committed)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != committed).ToArray();
    }

    private sealed class Subscription(CommittedSpans owner, Action<IReadOnlyList<Span>> committed) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(committed);
    }
}
