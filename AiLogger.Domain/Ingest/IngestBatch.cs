using AiLogger.Domain.Logs;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Domain.TestResults;
using AiLogger.Domain.Traces;

namespace AiLogger.Domain.Ingest;

/// <summary>What one request hands to the ingestion path: items of every kind, committed together or not at all.</summary>
public sealed record IngestBatch(IReadOnlyList<LogEvent> Events, IReadOnlyList<Span> Spans)
{
    public static IngestBatch Of(IReadOnlyList<LogEvent> events) => new(events, []);

    public static IngestBatch OfMetrics(IReadOnlyList<MetricPoint> points) => new([], []) { Metrics = points };

    /// <summary>Metric data points, stored in their series by the same writer and transaction.</summary>
    public IReadOnlyList<MetricPoint> Metrics { get; init; } = [];

    public static IngestBatch OfTestRun(TestRunDraft run) => new([], []) { TestRuns = [run] };

    /// <summary>CI runs with their cases and coverage, stored by the same writer and transaction.</summary>
    public IReadOnlyList<TestRunDraft> TestRuns { get; init; } = [];

    public int Count => Events.Count + Spans.Count + Metrics.Count + TestRuns.Sum(r => r.Cases.Count);
}
