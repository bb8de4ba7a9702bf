namespace AiLogger.Domain.TestResults;

/// <summary>A case that got slower: the median of its last 10 runs against the median of the 10 before.</summary>
public sealed record DurationRegression(long CaseId, double BeforeMs, double AfterMs)
{
    public const int Runs = 10;

    public double Ratio => BeforeMs <= 0 ? double.PositiveInfinity : AfterMs / BeforeMs;

    /// <param name="durations">The case's durations, oldest first; null when the case has fewer than 20 runs or did not slow down by half and 50 ms.</param>
    public static DurationRegression? Of(long caseId, IReadOnlyList<double> durations)
    {
        if (durations.Count < 2 * Runs) return null;
        var after = Median(durations.Skip(durations.Count - Runs));
        var before = Median(durations.Skip(durations.Count - 2 * Runs).Take(Runs));
        return after >= before * 1.5 && after - before >= 50 ? new DurationRegression(caseId, before, after) : null;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
