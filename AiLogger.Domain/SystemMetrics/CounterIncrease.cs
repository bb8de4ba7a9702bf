namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// What a counter (a monotonic sum) did over a window: its increase and its rate per second. Cumulative points are
/// differenced, and a reset (the value goes down, or the start time changes) counts the new value as the increase
/// since the reset, never a negative one; delta points are added up.
/// </summary>
public static class CounterIncrease
{
    /// <summary>
    /// Monotonic sums are counters, charted as rates; non-monotonic sums (up-down counters) and gauges are values,
    /// charted as they are; histograms and summaries are neither.
    /// </summary>
    public static bool IsCounter(MetricType type, bool monotonic) => type == MetricType.Sum && monotonic;

    public static bool IsCounter(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return IsCounter(point.Type, point.Monotonic);
    }

    /// <summary>
    /// The increase over (<paramref name="fromUnixNano"/>, <paramref name="toUnixNano"/>] from the points of one
    /// series (any order). The last cumulative point at or before the window's start, when given, is the baseline;
    /// without one, the first point counts its whole value only when its counter started inside the window
    /// (StartUnixNano ≥ from), else it is the baseline itself.
    /// </summary>
    public static double Over(IReadOnlyList<MetricPoint> points, long fromUnixNano, long toUnixNano)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (toUnixNano <= fromUnixNano)
        {
            throw new ArgumentException("A window ends after it starts.", nameof(toUnixNano));
        }

        var ordered = points
            .Where(p => p.Value is { } v && double.IsFinite(v) && !p.NoRecordedValue && p.TimeUnixNano <= toUnixNano)
            .OrderBy(p => p.TimeUnixNano)
            .ToList();
        MetricPoint? previous = null;
        double increase = 0;
        foreach (var point in ordered)
        {
            if (point.TimeUnixNano <= fromUnixNano)
            {
                previous = point;
                continue;
            }

            increase += Step(previous, point, fromUnixNano);
            previous = point;
        }

        return increase;
    }

    /// <summary>The increase over the window divided by its length in seconds.</summary>
    public static double RatePerSecond(IReadOnlyList<MetricPoint> points, long fromUnixNano, long toUnixNano) =>
        Over(points, fromUnixNano, toUnixNano) / ((toUnixNano - fromUnixNano) / 1e9);

    /// <summary>What <paramref name="point"/> adds after <paramref name="previous"/> (null: nothing before it).</summary>
    internal static double Step(MetricPoint? previous, MetricPoint point, long windowStartUnixNano)
    {
        var value = point.Value ?? 0;
        if (point.Temporality == AggregationTemporality.Delta)
        {
            return value;
        }

        if (previous is null || previous.Temporality != AggregationTemporality.Cumulative)
        {
            return StartedInside(point.StartUnixNano, windowStartUnixNano) ? value : 0;
        }

        return Continues(previous.StartUnixNano, previous.Value ?? 0, point.StartUnixNano, value) ? value - (previous.Value ?? 0) : value;
    }

    /// <summary>The counter began inside a window starting at <paramref name="windowStartUnixNano"/>, so its whole value is new.</summary>
    internal static bool StartedInside(long startUnixNano, long windowStartUnixNano) => startUnixNano != 0 && startUnixNano >= windowStartUnixNano;

    /// <summary>A cumulative value follows the previous one without a reset: same start (when both are known) and not lower.</summary>
    internal static bool Continues(long previousStart, double previousValue, long start, double value) =>
        (previousStart == 0 || start == 0 || previousStart == start) && value >= previousValue;
}
