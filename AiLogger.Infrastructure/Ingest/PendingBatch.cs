using AiLogger.Domain.SystemMetrics;
using AiLogger.Domain.Imports;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;

namespace AiLogger.Infrastructure.Ingest;

/// <summary>
/// One request's items on their way to the writer, of every kind; <see cref="Committed"/> completes after the one
/// transaction that stores them all.
/// </summary>
internal sealed class PendingBatch(LogEvent[] events, Span[] spans, long? apiKeyId)
{
    public PendingBatch(LogEvent[] events, long? apiKeyId) : this(events, [], apiKeyId)
    {
    }

    /// <summary>Replaced by the writer with the stored events (ids assigned).</summary>
    public LogEvent[] Events { get; set; } = events;

    /// <summary>Replaced by the writer with the stored spans (ids assigned).</summary>
    public Span[] Spans { get; set; } = spans;

    /// <summary>Metric points, stored into their series in the same transaction.</summary>
    public MetricPoint[] Metrics { get; init; } = [];

    /// <summary>
    /// What each of <see cref="Metrics"/> stores beside its value (<c>MetricJson.PointData</c>), rendered on the
    /// request's thread so the writer does not; empty when not rendered (the writer renders it then).
    /// </summary>
    public string?[] MetricData { get; init; } = [];

    /// <summary>CI test runs, each stored with its cases, or found stored already (<see cref="StoredTestRuns"/>).</summary>
    public Domain.TestResults.TestRunDraft[] TestRuns { get; init; } = [];

    /// <summary>Set by the writer: one per <see cref="TestRuns"/>, in order.</summary>
    public Domain.TestResults.StoredTestRun[] StoredTestRuns { get; set; } = [];

    /// <summary>Events, spans, metric points and test cases: what the batch weighs in the queue.</summary>
    public int Items => Events.Length + Spans.Length + Metrics.Length + TestCases;

    public int TestCases => TestRuns.Sum(r => Math.Max(1, r.Cases.Count));

    public long? ApiKeyId { get; } = apiKeyId;

    /// <summary>A file import's checkpoint, stored in the same transaction as <see cref="Events"/>.</summary>
    public ImportProgress? Progress { get; init; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the batch entered the queue.</summary>
    public long QueuedAt { get; set; }

    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
