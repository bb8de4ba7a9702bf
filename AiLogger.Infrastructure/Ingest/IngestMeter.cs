namespace AiLogger.Infrastructure.Ingest;

/// <summary>Committed events per second over the last few seconds, for the overview and /metrics.</summary>
public sealed class IngestMeter(TimeProvider time)
{
    private const int WindowSeconds = 10;
    private readonly long[] _counts = new long[WindowSeconds];
    private readonly long[] _seconds = new long[WindowSeconds];
    private readonly Lock _gate = new();

    public void Committed(int events)
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
