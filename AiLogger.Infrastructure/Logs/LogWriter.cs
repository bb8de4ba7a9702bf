using AiLogger.Domain.Ingest;
using AiLogger.Domain.Live;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Traces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// The one writer: takes every batch waiting (up to a bound), commits them in one transaction, then
/// completes the callers and publishes to the live feed. Runs on its own thread: SQLite calls block.
/// </summary>
internal sealed class LogWriter(
    IngestQueue queue,
    Func<ILogAppender> appenderFactory,
    ILiveLogFeed feed,
    CommittedSpans spanFeed,
    IngestMeter meter,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<LogWriter> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan DeferredWorkDelay = TimeSpan.FromSeconds(1);
    private readonly int _maxEvents = options.Value.MaxEventsPerCommit;
    private Thread? _thread;
    private ILogAppender? _appender;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _appender = appenderFactory();
        _thread = new Thread(Run) { IsBackground = true, Name = "ailogger-writer" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain what is queued, so acknowledged work is never dropped on a clean shutdown.
        queue.Complete();
        _thread?.Join(TimeSpan.FromSeconds(30));
        return Task.CompletedTask;
    }

    private void Run()
    {
        var group = new List<PendingBatch>();
        var reader = queue.Reader;
        // Work a crashed process left (metric rollups it held in memory) is done before new batches.
        WriteDeferred();
        Task<bool>? waiting = null;
        while (true)
        {
            waiting ??= reader.WaitToReadAsync().AsTask();
            // Idle with rollups held back: write them rather than leave queries to read their minutes from raw points.
            if (_appender!.HasDeferredWork && !waiting.Wait(DeferredWorkDelay))
            {
                WriteDeferred();
                continue;
            }
            var more = waiting.GetAwaiter().GetResult();
            waiting = null;
            if (!more) break;
            var events = 0;
            while (events < _maxEvents && reader.TryRead(out var batch))
            {
                group.Add(batch);
                events += batch.Items;
            }
            if (group.Count == 0) continue;
            Commit(group, events);
            group.Clear();
        }
        WriteDeferred();
    }

    private void WriteDeferred()
    {
        try
        {
            if (_appender!.HasDeferredWork) _appender.WriteDeferred(time.GetUtcNow());
        }
        catch (Exception error)
        {
            // The points are committed; what waited is rebuilt from them by the next commit.
            logger.LogWarning(error, "Writing deferred rollups failed; they are rebuilt from the stored points");
        }
    }

    private void Commit(List<PendingBatch> group, int events)
    {
        try
        {
            _appender!.Append(group, time.GetUtcNow());
            Completed(group, events);
        }
        catch (Exception error) when (group.Count > 1)
        {
            // Isolate the failing batch: the others are committed on their own.
            logger.LogWarning(error, "Group commit of {Batches} batches failed; retrying them one by one", group.Count);
            foreach (var batch in group) Commit([batch], batch.Items);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Commit of {Events} events failed", events);
            queue.Release(events);
            foreach (var batch in group)
                batch.Committed.TrySetException(new IngestUnavailableException("Storage could not commit the events; nothing was stored.", error));
        }
    }

    private void Completed(List<PendingBatch> group, int events)
    {
        queue.Release(events);
        var now = time.GetTimestamp();
        foreach (var batch in group)
        {
            meter.CommitLatency.Record(time.GetElapsedTime(batch.QueuedAt, now));
            meter.Committed(batch.Events);
            batch.Committed.TrySetResult();
            if (batch.Events.Length > 0) feed.Publish(batch.Events);
            if (batch.Spans.Length > 0) spanFeed.Publish(batch.Spans);
        }
    }

    public void Dispose() => _appender?.Dispose();
}
