using AiLogger.Domain.Alerts;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.ScaleOut;
using AiLogger.Infrastructure.Traces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AiLogger.Infrastructure.Live;

/// <summary>
/// Delivers the other nodes' committed items to this node's live subscribers. Its own messages are ignored (this node
/// delivered its commits locally already), so each item arrives once; each channel's messages are handled one after
/// another, so each node's items keep their commit order. A gap in a node's numbering is reported to the event
/// subscribers as missed events.
/// </summary>
internal sealed class RedisLiveReceiver(
    RedisLiveConnection connection,
    NodeIdentity node,
    InProcessLiveLogFeed events,
    CommittedSpans spans,
    AlertNotificationFeed alerts,
    ILogger<RedisLiveReceiver> logger) : IHostedService
{
    private readonly Dictionary<string, long> _nextEvent = new(StringComparer.Ordinal);
    private readonly List<ChannelMessageQueue> _queues = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task? _subscribing;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscribing = Task.Run(SubscribeAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task SubscribeAsync()
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await connection.Multiplexer;
        }
        catch (Exception)
        {
            return;
        }
        var subscriber = multiplexer.GetSubscriber();
        // Once subscribed, StackExchange.Redis sends the subscriptions again whenever it reconnects; until the first
        // succeeds (Redis down at start-up), keep trying.
        var channels = new List<(string Name, Action<ChannelMessage> Handler)>
        {
            (RedisLiveConnection.EventsChannel, OnEvents),
            (RedisLiveConnection.SpansChannel, OnSpans),
            (RedisLiveConnection.AlertsChannel, OnAlert),
        };
        while (channels.Count > 0 && !_stopping.IsCancellationRequested)
        {
            try
            {
                await Listen(subscriber, channels[0].Name, channels[0].Handler);
                channels.RemoveAt(0);
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                logger.LogDebug(error, "Live fan-out: subscribing to {Channel} failed; trying again", channels[0].Name);
                await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
        connection.Listening = channels.Count == 0;
    }

    private async Task Listen(ISubscriber subscriber, string channel, Action<ChannelMessage> handler)
    {
        var queue = await subscriber.SubscribeAsync(RedisChannel.Literal(channel));
        _queues.Add(queue);
        // OnMessage handles one message at a time, in arrival order.
        queue.OnMessage(message =>
        {
            try
            {
                handler(message);
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Live fan-out: a message on {Channel} could not be delivered", channel);
            }
        });
    }

    private void OnEvents(ChannelMessage message)
    {
        if (LiveMessage<LogEvent>.Decode((byte[])message.Message!) is not { } decoded || decoded.Node == node.Id) return;
        if (_nextEvent.TryGetValue(decoded.Node, out var expected) && decoded.First > expected) events.MissedByAll(decoded.First - expected);
        _nextEvent[decoded.Node] = decoded.First + decoded.Items.Count;
        if (_nextEvent.Count > 1_000) _nextEvent.Remove(_nextEvent.Keys.First(k => k != decoded.Node));
        events.Deliver(decoded.Items);
    }

    private void OnSpans(ChannelMessage message)
    {
        if (LiveMessage<Span>.Decode((byte[])message.Message!) is { } decoded && decoded.Node != node.Id) spans.Deliver(decoded.Items);
    }

    private void OnAlert(ChannelMessage message)
    {
        if (LiveMessage<AlertNotification>.Decode((byte[])message.Message!) is not { } decoded || decoded.Node == node.Id) return;
        foreach (var notification in decoded.Items) alerts.Deliver(notification);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_subscribing is not null) await _subscribing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var queue in _queues)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
            {
            }
        }
    }
}
