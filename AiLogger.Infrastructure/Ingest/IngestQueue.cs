using System.Threading.Channels;
using AiLogger.Domain.Ingest;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Ingest;

/// <summary>
/// Batches waiting for the writer, bounded by the number of items (events, spans) they hold. A batch that does not fit
/// waits up to <see cref="IngestOptions.QueueWait"/> for the writer to free room, then is refused.
/// </summary>
public sealed class IngestQueue(IOptions<IngestOptions> options, TimeProvider time)
{
    private readonly Channel<PendingBatch> _channel =
        Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly int _capacity = options.Value.QueueCapacity;
    private readonly TimeSpan _wait = options.Value.QueueWait;
    private TaskCompletionSource _roomFreed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _queued;

    internal ChannelReader<PendingBatch> Reader => _channel.Reader;

    /// <summary>Events accepted but not yet committed.</summary>
    public long Depth => Interlocked.Read(ref _queued);

    internal async Task EnqueueAsync(PendingBatch batch, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(_wait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            Task roomFreed;
            lock (_gate)
            {
                // An empty queue takes any batch, however large, so one big request can always go through.
                if (_queued == 0 || _queued + batch.Items <= _capacity)
                {
                    _queued += batch.Items;
                    batch.QueuedAt = time.GetTimestamp();
                    if (!_channel.Writer.TryWrite(batch))
                    {
                        _queued -= batch.Items;
                        throw new IngestUnavailableException("AI-Logger is shutting down.");
                    }
                    return;
                }
                roomFreed = _roomFreed.Task;
            }

            var remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) throw new IngestQueueFullException(RetryAfter());
            try
            {
                await roomFreed.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new IngestQueueFullException(RetryAfter());
            }
        }
    }

    /// <summary>Called by the writer once events are committed (or failed).</summary>
    internal void Release(int events)
    {
        TaskCompletionSource freed;
        lock (_gate)
        {
            _queued -= events;
            freed = _roomFreed;
            _roomFreed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        freed.TrySetResult();
    }

    internal void Complete() => _channel.Writer.TryComplete();

    private static TimeSpan RetryAfter() => TimeSpan.FromSeconds(1);
}
