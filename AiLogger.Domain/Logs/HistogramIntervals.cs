namespace AiLogger.Domain.Logs;

/// <summary>Bucket widths a histogram picks from, so a range gets at most about 120 readable bars.</summary>
public static class HistogramIntervals
{
    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1), TimeSpan.FromDays(7),
    ];

    public static TimeSpan For(TimeSpan range, int maxBuckets = 120)
    {
        foreach (var step in Steps)
            if (range.Ticks / step.Ticks <= maxBuckets) return step;
        return TimeSpan.FromTicks(Math.Max(Steps[^1].Ticks, range.Ticks / maxBuckets));
    }
}
