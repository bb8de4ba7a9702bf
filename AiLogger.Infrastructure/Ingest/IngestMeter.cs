namespace AiLogger.Infrastructure.Ingest;

/// <summary>
/// Ingest figures for the overview and <c>/metrics</c>: committed events per second over the last few seconds,
/// totals since start by level and source (sources beyond a cap count as "other"), and the time from a batch
/// entering the queue to its commit.
/// </summary>
public sealed class IngestMeter(TimeProvider time)
{
    public const int MaxSourceLabels = 200;
    public const string OtherSource = "other";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Source, AiLogger.Domain.Logs.LogLevel Level), long> _bySourceAndLevel = new();

    public LatencyHistogram CommitLatency { get; } = new();

    public IReadOnlyDictionary<(string Source, AiLogger.Domain.Logs.LogLevel Level), long> CommittedBySourceAndLevel => _bySourceAndLevel;

    public void Committed(IReadOnlyList<AiLogger.Domain.Logs.LogEvent> events)
    {
        foreach (var e in events)
        {
            var source = e.Source ?? string.Empty;
            if (!_bySourceAndLevel.ContainsKey((source, e.Level)) && _bySourceAndLevel.Count >= MaxSourceLabels * 6) source = OtherSource;
            _bySourceAndLevel.AddOrUpdate((source, e.Level), 1, (_, n) => n + 1);
        }
        Committed(events.Count);
    }

    private const int WindowSeconds = 10;
    private readonly long[] _counts = new long[WindowSeconds];
    private readonly long[] _seconds = new long[WindowSeconds];
    private readonly Lock _gate = new();

    private void Committed(int events)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            var slot = (int)(second % WindowSeconds);
            if (_seconds[slot] != second)
            {
                _seconds[slot] = second;
                _counts[slot] = 0;
            }
            _counts[slot] += events;
        }
    }

    /// <summary>Average over the last complete seconds of the window.</summary>
    public double EventsPerSecond()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        long sum = 0;
        lock (_gate)
        {
            for (var i = 0; i < WindowSeconds; i++)
                if (_seconds[i] < now && _seconds[i] >= now - (WindowSeconds - 1)) sum += _counts[i];
        }
        return sum / (double)(WindowSeconds - 1);
    }
}
