namespace AiLogger.Infrastructure.Ingest;

/// <summary>A cumulative Prometheus-style histogram of durations in seconds (thread-safe, fixed buckets).</summary>
public sealed class LatencyHistogram
{
    public static readonly double[] DefaultBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _counts;
    private long _count;
    private long _sumMicroseconds;

    public LatencyHistogram(double[]? bounds = null)
    {
        Bounds = bounds ?? DefaultBounds;
        _counts = new long[Bounds.Length];
    }

    public double[] Bounds { get; }

    public void Record(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        for (var i = 0; i < Bounds.Length; i++)
            if (seconds <= Bounds[i]) Interlocked.Increment(ref _counts[i]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicroseconds, (long)(duration.Ticks / 10));
    }

    /// <summary>Cumulative counts per bound (as Prometheus wants them), the total count and the sum in seconds.</summary>
    public (long[] Cumulative, long Count, double Sum) Snapshot() =>
        (_counts.Select(c => Interlocked.Read(ref c)).ToArray(), Interlocked.Read(ref _count), Interlocked.Read(ref _sumMicroseconds) / 1e6);
}
