namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// One row of a histogram heat map: a value range (lower exclusive, upper inclusive; null: unbounded, as JSON has no
/// infinity) and its count per step.
/// </summary>
public sealed record MetricHeatmapRow(double? Lower, double? Upper, IReadOnlyList<long> Counts);

/// <summary>A histogram's buckets over time: rows ascending by value, one count per step and row.</summary>
public sealed record MetricHeatmap(IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<MetricHeatmapRow> Rows);

/// <summary>
/// Builds heat maps from merged histogram rollups, one per step. Explicit buckets become rows as they are; when the
/// steps together have more distinct ranges than <see cref="MaxRows"/> (exponential histograms, or explicit bounds
/// that changed), values are put in power-of-two rows, and neighbouring rows are joined until the rows fit.
/// </summary>
public static class HistogramHeatmap
{
    public const int MaxRows = 40;

    public static MetricHeatmap Build(IReadOnlyList<DateTimeOffset> times, IReadOnlyList<MetricRollup?> steps)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(steps);
        if (times.Count != steps.Count) throw new ArgumentException("One time per step is needed.", nameof(times));
        var ranges = steps.Select(Ranges).ToList();
        var distinct = ranges.SelectMany(r => r).Select(r => (r.Lower, r.Upper)).Distinct().Count();
        Func<HistogramBucketRange, (double Lower, double Upper)> key = distinct <= MaxRows ? r => (r.Lower, r.Upper) : PowerOfTwo;

        var rows = new SortedDictionary<(double Lower, double Upper), long[]>(Comparer<(double Lower, double Upper)>.Create(
            (a, b) => a.Upper != b.Upper ? a.Upper.CompareTo(b.Upper) : a.Lower.CompareTo(b.Lower)));
        for (var i = 0; i < ranges.Count; i++)
            foreach (var range in ranges[i])
            {
                var k = key(range);
                if (!rows.TryGetValue(k, out var counts)) rows[k] = counts = new long[steps.Count];
                counts[i] += range.Count;
            }

        var list = rows.Select(r => new MetricHeatmapRow(Finite(r.Key.Lower), Finite(r.Key.Upper), r.Value)).ToList();
        // Empty rows at either end tell nothing (the explicit buckets far past the values seen).
        while (list.Count > 0 && list[0].Counts.All(c => c == 0)) list.RemoveAt(0);
        while (list.Count > 0 && list[^1].Counts.All(c => c == 0)) list.RemoveAt(list.Count - 1);
        while (list.Count > MaxRows) list = JoinNeighbours(list);
        return new MetricHeatmap(times, list);
    }

    /// <summary>A rollup's buckets as value ranges: explicit bucket i is (bound i−1, bound i], the first from −∞, the last to +∞.</summary>
    public static IReadOnlyList<HistogramBucketRange> Ranges(MetricRollup? rollup)
    {
        if (rollup is null) return [];
        if (rollup.Kind == MetricRollupKind.ExponentialHistogram && rollup.Exponential is { } exponential)
            return ExponentialHistogramRanges.ToRanges(exponential);
        if (rollup.Kind != MetricRollupKind.Histogram || rollup.BucketCounts is not { } counts) return [];
        var bounds = rollup.ExplicitBounds ?? [];
        var ranges = new List<HistogramBucketRange>(counts.Count);
        for (var i = 0; i < counts.Count; i++)
            ranges.Add(new HistogramBucketRange(
                i == 0 ? double.NegativeInfinity : bounds[Math.Min(i - 1, bounds.Count - 1)],
                i < bounds.Count ? bounds[i] : double.PositiveInfinity,
                Math.Max(0, counts[i])));
        return ranges;
    }

    /// <summary>
    /// The range widened to powers of two, (2^⌊log2 lower⌋, 2^⌈log2 upper⌉]: a fine bucket lands in the doubling that
    /// holds it, a coarse one (negative scales) keeps its span. Everything up to 0 is one row; an open-ended last bucket stays one.
    /// </summary>
    private static (double Lower, double Upper) PowerOfTwo(HistogramBucketRange range)
    {
        if (range.Upper <= 0) return (double.NegativeInfinity, 0);
        if (double.IsPositiveInfinity(range.Upper)) return (range.Lower, double.PositiveInfinity);
        var upper = Math.Pow(2, Math.Clamp((int)Math.Ceiling(Math.Log2(range.Upper)), -1074, 1023));
        // An explicit first bucket (−∞, b]; an exponential zero bucket [−t, t] counts as "up to 0".
        if (double.IsNegativeInfinity(range.Lower)) return (double.NegativeInfinity, upper);
        if (range.Lower < 0) return (double.NegativeInfinity, 0);
        var lower = range.Lower == 0 ? 0 : Math.Pow(2, Math.Clamp((int)Math.Floor(Math.Log2(range.Lower)), -1074, 1023));
        return (lower, Math.Max(upper, lower * 2));
    }

    private static double? Finite(double value) => double.IsInfinity(value) ? null : value;

    private static List<MetricHeatmapRow> JoinNeighbours(List<MetricHeatmapRow> rows)
    {
        var joined = new List<MetricHeatmapRow>((rows.Count + 1) / 2);
        for (var i = 0; i < rows.Count; i += 2)
        {
            if (i + 1 == rows.Count)
            {
                joined.Add(rows[i]);
                break;
            }
            var (a, b) = (rows[i], rows[i + 1]);
            joined.Add(new MetricHeatmapRow(a.Lower, b.Upper, a.Counts.Zip(b.Counts, (x, y) => x + y).ToList()));
        }
        return joined;
    }
}
