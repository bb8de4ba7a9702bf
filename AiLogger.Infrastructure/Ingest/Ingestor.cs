using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest;

/// <summary>Runs the processors on the caller's thread, queues the batch, and waits for its commit.</summary>
internal sealed class Ingestor(IEnumerable<IIngestProcessor> processors, IngestQueue queue) : IIngestor
{
    private readonly IIngestProcessor[] _processors = processors.ToArray();

    public async Task<IngestResult> IngestAsync(IngestBatch batch, IngestContext context, CancellationToken cancellationToken)
    {
        var events = batch.Events;
        var kept = new List<LogEvent>(events.Count);
        foreach (var original in events)
        {
            LogEvent? e = original;
            foreach (var processor in _processors)
            {
                e = processor.Process(e, context);
                if (e is null) break;
            }
            if (e is not null) kept.Add(e);
        }
        // A checkpoint goes to the writer even with no item left: the lines it covers are read.
        if (kept.Count == 0 && batch.Spans.Count == 0 && batch.Metrics.Count == 0 && batch.TestRuns.Count == 0 && context.Progress is null) return new IngestResult(events.Count, 0);

        var pending = new PendingBatch(kept.ToArray(), batch.Spans.ToArray(), context.ApiKeyId) {
            Progress = context.Progress,
            Metrics = batch.Metrics.ToArray(),
            MetricData = batch.Metrics.Select(SystemMetrics.MetricJson.PointData).ToArray(),
            TestRuns = batch.TestRuns.ToArray(),
        };
        await queue.EnqueueAsync(pending, cancellationToken);
        // Once queued the batch will be committed or failed; the caller's cancellation only stops the waiting.
        await pending.Committed.Task.WaitAsync(cancellationToken);
        return new IngestResult(events.Count, kept.Count) { SpansStored = pending.Spans.Length, MetricPointsStored = pending.Metrics.Length, TestRuns = pending.StoredTestRuns };
    }
}
