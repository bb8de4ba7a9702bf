namespace AiLogger.Domain.Ingest;

/// <summary>
/// <paramref name="Received"/> events parsed, <paramref name="Stored"/> of them committed (the rest were dropped by
/// processors); <see cref="SpansStored"/> spans committed with them.
/// </summary>
public sealed record IngestResult(int Received, int Stored)
{
    public int Dropped => Received - Stored;

    public int SpansStored { get; init; }

    /// <summary>Metric points committed with them (a point sent twice is kept once but counted here).</summary>
    public int MetricPointsStored { get; init; }

    /// <summary>The runs stored (or found already stored) for the batch's test runs, in order.</summary>
    public IReadOnlyList<TestResults.StoredTestRun> TestRuns { get; init; } = [];
}
