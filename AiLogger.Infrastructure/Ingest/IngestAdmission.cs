using AiLogger.Domain.Ingest;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Ingest;

/// <summary>
/// Bounds the request bodies being read, parsed and waiting for the queue, by their bytes
/// (<see cref="IngestOptions.MaxInFlightBytes"/>): memory under any load is this budget times what parsing makes of
/// it, plus the queue. A request that finds no room waits up to <see cref="IngestOptions.QueueWait"/>, then is
/// refused with 503 and Retry-After, before its body is read. With nothing in flight any body is admitted, so one
/// request as large as the body limit always goes through.
/// </summary>
public sealed class IngestAdmission(IOptions<IngestOptions> options, TimeProvider time)
{
    private readonly TimeProvider _time = time;
    private readonly long _budget = options.Value.MaxInFlightBytes;
    private readonly TimeSpan _wait = options.Value.QueueWait;
    private readonly Lock _gate = new();
    private TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _inFlight;

    /// <summary>Bytes of the requests admitted now.</summary>
    public long InFlightBytes => Interlocked.Read(ref _inFlight);

    /// <summary>Room for <paramref name="bytes"/> more of a body; the lease gives it back when disposed.</summary>
    public async Task<Lease> AdmitAsync(long bytes, CancellationToken cancellationToken)
    {
        var lease = new Lease(this);
        await lease.GrowAsync(bytes, cancellationToken);
        return lease;
    }

    private async Task ReserveAsync(long bytes, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_gate)
            {
                if (_inFlight == 0 || _inFlight + bytes <= _budget)
                {
                    _inFlight += bytes;
                    return;
                }
                freed = _freed.Task;
            }
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) throw new IngestQueueFullException(TimeSpan.FromSeconds(1));
            try
            {
                await freed.WaitAsync(remaining, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new IngestQueueFullException(TimeSpan.FromSeconds(1));
            }
        }
    }

    private void Release(long bytes)
    {
        if (bytes == 0) return;
        TaskCompletionSource freed;
        lock (_gate)
        {
            _inFlight -= bytes;
            freed = _freed;
            _freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        freed.TrySetResult();
    }

    /// <summary>One request's share; grows as a body of unknown length is read, and all of it is given back at once.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly IngestAdmission _owner;
        private readonly long _deadline;
        private long _bytes;

        internal Lease(IngestAdmission owner)
        {
            _owner = owner;
            _deadline = owner._time.GetTimestamp() + (long)(owner._wait.TotalSeconds * owner._time.TimestampFrequency);
        }

        public long Bytes => _bytes;

        /// <summary>Waits (within the same deadline as the first admission) for room for <paramref name="bytes"/> more.</summary>
        public async Task GrowAsync(long bytes, CancellationToken cancellationToken)
        {
            if (bytes <= 0) return;
            // A lease that holds something already must not wait on itself: only the others' bytes count against it.
            await _owner.ReserveAsync(bytes, _deadline, cancellationToken);
            _bytes += bytes;
        }

        public void Dispose()
        {
            var bytes = Interlocked.Exchange(ref _bytes, 0);
            _owner.Release(bytes);
        }
    }
}
