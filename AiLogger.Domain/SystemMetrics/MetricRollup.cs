namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// One series' points folded into one time bucket (a minute or an hour), so long charts read rollups, not raw points.
/// <see cref="Merge"/> is associative and orders its inputs by time, so minute rollups fold into an hour in any grouping.
/// Histograms roll up their delta points (<see cref="CumulativeHistogramDelta"/> turns cumulative points into deltas).
/// </summary>
public sealed record MetricRollup
{
    public const long MinuteNanos = 60_000_000_000L;
    public const long HourNanos = 60 * MinuteNanos;

    public required MetricRollupKind Kind { get; init; }

    public RollupResolution Resolution { get; init; }

    public long BucketStartUnixNano { get; init; }

    public long FirstTimeUnixNano { get; init; }

    public long LastTimeUnixNano { get; init; }

    /// <summary>How many points were folded in.</summary>
    public long PointCount { get; init; }

    /// <summary>Values: the smallest value; histograms: the smallest observation, null when a point did not say.</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Values: the sum of the values (average = Sum / Count); histograms: the sum of the observations.</summary>
    public double Sum { get; init; }

    /// <summary>Values: the number of values; histograms: the number of observations.</summary>
    public long Count { get; init; }

    /// <summary>Values: the value at <see cref="LastTimeUnixNano"/>; counters: the last point's value (cumulative or delta).</summary>
    public double? Last { get; init; }

    /// <summary>Counters: the temporality of the last point.</summary>
    public AggregationTemporality Temporality { get; init; }

    /// <summary>Counters: the first point's value and start, so the increase across the previous bucket's end can be computed.</summary>
    public double FirstValue { get; init; }

    public long FirstStartUnixNano { get; init; }

    public AggregationTemporality FirstTemporality { get; init; }

    /// <summary>Counters: the last point's start, to tell a reset from a continuation in the next bucket.</summary>
    public long LastStartUnixNano { get; init; }

    /// <summary>Counters: the increase between the first and the last point (resets counted as their new value).</summary>
    public double IncreaseAfterFirst { get; init; }

    public IReadOnlyList<double>? ExplicitBounds { get; init; }

    public IReadOnlyList<long>? BucketCounts { get; init; }

    public ExponentialHistogram? Exponential { get; init; }

    /// <summary>
    /// Counters: what the first point adds when nothing comes before it: a delta's value, or a cumulative value whose
    /// counter started inside this bucket; otherwise the first point is only the baseline.
    /// </summary>
    public double LeadingIncrease => Kind != MetricRollupKind.Counter ? 0
        : FirstTemporality == AggregationTemporality.Delta ? FirstValue
        : CounterIncrease.StartedInside(FirstStartUnixNano, BucketStartUnixNano) ? FirstValue
        : 0;

    /// <summary>Counters: the increase over the bucket (when no earlier bucket is merged in front of it).</summary>
    public double Increase => LeadingIncrease + IncreaseAfterFirst;

    public double? Average => Count == 0 ? null : Sum / Count;

    /// <summary>
    /// Counters: the increase over this bucket when <paramref name="previous"/> (the series' rollup of the bucket
    /// before, or null) holds the points before it, so the step across the bucket boundary is counted here.
    /// </summary>
    public double IncreaseAfter(MetricRollup? previous) => previous is null ? Increase : Gap(previous, this) + IncreaseAfterFirst;

    public static long BucketStart(long timeUnixNano, RollupResolution resolution)
    {
        var width = resolution == RollupResolution.Hour ? HourNanos : MinuteNanos;
        return timeUnixNano - (((timeUnixNano % width) + width) % width);
    }

    /// <summary>
    /// The rollup of one point, or null for what does not roll up (summaries, points marking a gap, points without a
    /// value). Histogram points must be deltas.
    /// </summary>
    public static MetricRollup? FromPoint(MetricPoint point, RollupResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.NoRecordedValue)
        {
            return null;
        }

        var common = new MetricRollup
        {
            Kind = MetricRollupKind.Value,
            Resolution = resolution,
            BucketStartUnixNano = BucketStart(point.TimeUnixNano, resolution),
            FirstTimeUnixNano = point.TimeUnixNano,
            LastTimeUnixNano = point.TimeUnixNano,
            PointCount = 1,
        };
        switch (point.Type)
        {
            case MetricType.Gauge or MetricType.Sum when point.Value is { } value && double.IsFinite(value):
                if (CounterIncrease.IsCounter(point))
                {
                    return common with
                    {
                        Kind = MetricRollupKind.Counter,
                        Last = value,
                        Temporality = point.Temporality,
                        FirstValue = value,
                        FirstStartUnixNano = point.StartUnixNano,
                        FirstTemporality = point.Temporality,
                        LastStartUnixNano = point.StartUnixNano,
                    };
                }

                return common with { Min = value, Max = value, Sum = value, Count = 1, Last = value };
            case MetricType.Histogram when point.BucketCounts is not null:
                RequireDelta(point);
                var bounds = point.ExplicitBounds ?? [];
                if (point.BucketCounts.Count != bounds.Count + 1)
                {
                    throw new ArgumentException($"Histogram '{point.Name}' has {bounds.Count} bounds and {point.BucketCounts.Count} bucket counts.", nameof(point));
                }

                return common with
                {
                    Kind = MetricRollupKind.Histogram,
                    Count = point.Count ?? point.BucketCounts.Sum(),
                    Sum = point.Sum ?? 0,
                    Min = point.Min,
                    Max = point.Max,
                    ExplicitBounds = bounds.ToArray(),
                    BucketCounts = point.BucketCounts.ToArray(),
                };
            case MetricType.ExponentialHistogram when point.Exponential is not null:
                RequireDelta(point);
                return common with
                {
                    Kind = MetricRollupKind.ExponentialHistogram,
                    Count = point.Count ?? 0,
                    Sum = point.Sum ?? 0,
                    Min = point.Min,
                    Max = point.Max,
                    Exponential = point.Exponential,
                };
            default:
                return null;
        }
    }

    /// <summary>The same rollup in the coarser bucket that holds it (a minute in its hour).</summary>
    public MetricRollup InResolution(RollupResolution resolution) =>
        this with { Resolution = resolution, BucketStartUnixNano = BucketStart(BucketStartUnixNano, resolution) };

    /// <summary>
    /// Folds two rollups of one series and bucket. The earlier one (by first point) comes first whatever the argument
    /// order. Explicit histograms with different bounds are re-bucketed into the later bounds: each earlier bucket's
    /// count goes to the later bucket holding its upper bound (the +Inf bucket to +Inf), so a count never moves to a
    /// lower bucket; with equal bounds the counts are added.
    /// </summary>
    public static MetricRollup Merge(MetricRollup a, MetricRollup b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Kind != b.Kind)
        {
            throw new ArgumentException($"A {a.Kind} rollup does not merge with a {b.Kind} rollup.", nameof(b));
        }

        if (a.Resolution != b.Resolution || a.BucketStartUnixNano != b.BucketStartUnixNano)
        {
            throw new ArgumentException("Rollups merge within one bucket; move them into the coarser bucket first (InResolution).", nameof(b));
        }

        var (earlier, later) = b.FirstTimeUnixNano < a.FirstTimeUnixNano ? (b, a) : (a, b);
        var merged = earlier with
        {
            LastTimeUnixNano = Math.Max(earlier.LastTimeUnixNano, later.LastTimeUnixNano),
            PointCount = earlier.PointCount + later.PointCount,
            Last = later.Last,
        };
        return earlier.Kind switch
        {
            MetricRollupKind.Value => merged with
            {
                Min = MinOf(earlier.Min, later.Min),
                Max = MaxOf(earlier.Max, later.Max),
                Sum = earlier.Sum + later.Sum,
                Count = earlier.Count + later.Count,
            },
            MetricRollupKind.Counter => merged with
            {
                Temporality = later.Temporality,
                LastStartUnixNano = later.LastStartUnixNano,
                IncreaseAfterFirst = earlier.IncreaseAfterFirst + Gap(earlier, later) + later.IncreaseAfterFirst,
            },
            MetricRollupKind.Histogram => merged with
            {
                Count = earlier.Count + later.Count,
                Sum = earlier.Sum + later.Sum,
                Min = HistogramMin(earlier, later),
                Max = HistogramMax(earlier, later),
                ExplicitBounds = later.ExplicitBounds,
                BucketCounts = AddBuckets(earlier, later),
            },
            _ => merged with
            {
                Count = earlier.Count + later.Count,
                Sum = earlier.Sum + later.Sum,
                Min = HistogramMin(earlier, later),
                Max = HistogramMax(earlier, later),
                Exponential = ExponentialHistogramMerge.Merge(earlier.Exponential!, later.Exponential!),
            },
        };
    }

    /// <summary>What the later rollup's first point adds after the earlier rollup's last point.</summary>
    private static double Gap(MetricRollup earlier, MetricRollup later)
    {
        if (later.FirstTemporality == AggregationTemporality.Delta)
        {
            return later.FirstValue;
        }

        if (earlier.Temporality != AggregationTemporality.Cumulative)
        {
            return later.LeadingIncrease;
        }

        return CounterIncrease.Continues(earlier.LastStartUnixNano, earlier.Last ?? 0, later.FirstStartUnixNano, later.FirstValue)
            ? later.FirstValue - (earlier.Last ?? 0)
            : later.FirstValue;
    }

    private static IReadOnlyList<long> AddBuckets(MetricRollup earlier, MetricRollup later)
    {
        var bounds = later.ExplicitBounds ?? [];
        var counts = (later.BucketCounts ?? new long[bounds.Count + 1]).ToArray();
        var oldBounds = earlier.ExplicitBounds ?? [];
        var oldCounts = earlier.BucketCounts ?? [];
        var same = oldBounds.SequenceEqual(bounds);
        for (var i = 0; i < oldCounts.Count; i++)
        {
            var target = same ? i : BucketHolding(bounds, i < oldBounds.Count ? oldBounds[i] : double.PositiveInfinity);
            counts[target] += oldCounts[i];
        }

        return counts;
    }

    /// <summary>The bucket whose range (previous bound, bound] holds <paramref name="value"/>; the +Inf bucket past the last bound.</summary>
    private static int BucketHolding(IReadOnlyList<double> bounds, double value)
    {
        int low = 0, high = bounds.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (bounds[mid] >= value)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    // A histogram without observations says nothing about min and max; one with observations but no min makes the min unknown.
    private static double? HistogramMin(MetricRollup a, MetricRollup b) =>
        a.Count == 0 ? b.Min : b.Count == 0 ? a.Min : a.Min is null || b.Min is null ? null : Math.Min(a.Min.Value, b.Min.Value);

    private static double? HistogramMax(MetricRollup a, MetricRollup b) =>
        a.Count == 0 ? b.Max : b.Count == 0 ? a.Max : a.Max is null || b.Max is null ? null : Math.Max(a.Max.Value, b.Max.Value);

    private static double? MinOf(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static double? MaxOf(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static void RequireDelta(MetricPoint point)
    {
        if (point.Temporality == AggregationTemporality.Cumulative)
        {
            throw new ArgumentException($"Histogram '{point.Name}' is cumulative; roll up its deltas (CumulativeHistogramDelta).", nameof(point));
        }
    }
}
