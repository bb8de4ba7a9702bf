using System.Threading.Channels;
using AiLogger.Domain.Alerts;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.ScaleOut;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AiLogger.Infrastructure.Live;

/// <summary>
/// Publishes this node's committed events, spans and in-app alert notifications to Redis, one channel per kind. The
/// writer only offers each committed group to a bounded queue (dropping the oldest when Redis is slow); one sender
/// publishes in commit order. While Redis is unreachable nothing is queued up: those items are numbered but not sent, so
/// the other nodes count them as missed, and this node's own views never depended on Redis.
/// </summary>
internal sealed class RedisLiveRelay : ILiveRelay, IHostedService
{
    private const int QueuedGroups = 4_096;
    private readonly RedisLiveConnection _connection;
    private readonly NodeIdentity _node;
    private readonly ILogger<RedisLiveRelay> _logger;
    private readonly Channel<Outgoing> _queue;
    private readonly Lock _numbering = new();
    private long _nextEvent, _nextSpan, _nextAlert;
    private long _unsent;
    private Task? _sender;

    public RedisLiveRelay(RedisLiveConnection connection, NodeIdentity node, ILogger<RedisLiveRelay> logger)
    {
        _connection = connection;
        _node = node;
        _logger = logger;
        _queue = Channel.CreateBounded<Outgoing>(
            new BoundedChannelOptions(QueuedGroups) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => Interlocked.Add(ref _unsent, dropped.Count));
    }

    /// <summary>Items numbered but never sent (Redis unreachable or too slow, or an item over the message bound).</summary>
    public long Unsent => Interlocked.Read(ref _unsent);

    private abstract record Outgoing(long First, int Count);

    private sealed record EventGroup(long First, IReadOnlyList<LogEvent> Items) : Outgoing(First, Items.Count);

    private sealed record SpanGroup(long First, IReadOnlyList<Span> Items) : Outgoing(First, Items.Count);

    private sealed record AlertItem(long First, AlertNotification Item) : Outgoing(First, 1);

    public void Events(IReadOnlyList<LogEvent> committed)
    {
        if (committed.Count == 0) return;
        lock (_numbering)
        {
            _queue.Writer.TryWrite(new EventGroup(_nextEvent, committed));
            _nextEvent += committed.Count;
        }
    }

    public void Spans(IReadOnlyList<Span> committed)
    {
        if (committed.Count == 0) return;
        lock (_numbering)
        {
            _queue.Writer.TryWrite(new SpanGroup(_nextSpan, committed));
            _nextSpan += committed.Count;
        }
    }

    public void Alert(AlertNotification notification)
    {
        lock (_numbering)
        {
            _queue.Writer.TryWrite(new AlertItem(_nextAlert, notification));
            _nextAlert++;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sender = Task.Run(SendAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task SendAsync()
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connection.Multiplexer;
        }
        catch (Exception)
        {
            // The connection could not be set up at all (logged there): drain, so the writer never notices.
            await foreach (var dropped in _queue.Reader.ReadAllAsync()) Interlocked.Add(ref _unsent, dropped.Count);
            return;
        }
        var subscriber = multiplexer.GetSubscriber();
        await foreach (var group in _queue.Reader.ReadAllAsync())
        {
            if (!multiplexer.IsConnected)
            {
                Interlocked.Add(ref _unsent, group.Count);
                continue;
            }
            try
            {
                var (channel, messages) = group switch
                {
                    EventGroup e => (RedisLiveConnection.EventsChannel, LiveMessage<LogEvent>.Encode(_node.Id, e.First, e.Items)),
                    SpanGroup s => (RedisLiveConnection.SpansChannel, LiveMessage<Span>.Encode(_node.Id, s.First, s.Items)),
                    AlertItem a => (RedisLiveConnection.AlertsChannel, LiveMessage<AlertNotification>.Encode(_node.Id, a.First, [a.Item])),
                    _ => throw new InvalidOperationException(group.GetType().Name),
                };
                foreach (var message in messages) await subscriber.PublishAsync(RedisChannel.Literal(channel), message);
            }
            catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
            {
                Interlocked.Add(ref _unsent, group.Count);
                _logger.LogDebug(error, "Live fan-out: a group of {Items} items was not published", group.Count);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_sender is not null) await _sender.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
