using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class MetricRollupTests
{
    private const long Second = 1_000_000_000L;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;

    // Ten hours after the epoch: a whole hour, so minute k of it starts at Base + k minutes.
    private const long Base = 10 * Hour;

    [Fact]
    public void Gauge_rollup_keeps_min_max_average_and_last()
    {
        var rollup = Fold(Gauge(10, 5), Gauge(20, 2), Gauge(30, 9));
        Assert.Equal(2, rollup.Min);
        Assert.Equal(9, rollup.Max);
        // (5 + 2 + 9) / 3 = 16 / 3.
        Assert.Equal(16.0 / 3, rollup.Average!.Value, 12);
        Assert.Equal(9, rollup.Last);
        Assert.Equal(Base + (30 * Second), rollup.LastTimeUnixNano);
        Assert.Equal(Base, rollup.BucketStartUnixNano);
    }

    [Fact]
    public void Gauge_merge_is_associative_and_ordered_by_time()
    {
        var (a, b, c) = (Gauge(10, 5), Gauge(20, 2), Gauge(30, 9));
        AssertSame(MetricRollup.Merge(MetricRollup.Merge(a, b), c), MetricRollup.Merge(a, MetricRollup.Merge(b, c)));
        // Given the later one first, the last value is still the later one's.
        Assert.Equal(9, MetricRollup.Merge(c, MetricRollup.Merge(b, a)).Last);
    }

    [Fact]
    public void Counter_increase_carries_across_minute_boundaries_and_resets()
    {
        // Started at Base + 1 s. Minute 0: 10, 25. Minute 1: 30, then restarted at 1 min 40 s: 5. Minute 2: 12.
        var restart = Base + Minute + (40 * Second);
        var minute0 = Fold(Counter(Base + Second, Base + (10 * Second), 10), Counter(Base + Second, Base + (50 * Second), 25));
        var minute1 = Fold(Counter(Base + Second, Base + Minute + (10 * Second), 30), Counter(restart, Base + Minute + (50 * Second), 5));
        var minute2 = Fold(Counter(restart, Base + (2 * Minute) + (10 * Second), 12));

        // Minute 0: the counter started inside it, so 10 counts, then +15 = 25.
        Assert.Equal(25, minute0.Increase);
        // Minute 1 after minute 0: 30 − 25 across the boundary, then the reset counts its 5 = 10.
        Assert.Equal(10, minute1.IncreaseAfter(minute0));
        // Minute 2 after minute 1: 12 − 5 = 7 (same start).
        Assert.Equal(7, minute2.IncreaseAfter(minute1));

        // The hour: 25 + 10 + 7 = 42, whichever way the minutes are grouped.
        var (h0, h1, h2) = (minute0.InResolution(RollupResolution.Hour), minute1.InResolution(RollupResolution.Hour), minute2.InResolution(RollupResolution.Hour));
        var left = MetricRollup.Merge(MetricRollup.Merge(h0, h1), h2);
        var right = MetricRollup.Merge(h0, MetricRollup.Merge(h1, h2));
        AssertSame(left, right);
        Assert.Equal(42, left.Increase);
        Assert.Equal(12, left.Last);
        Assert.Equal(restart, left.LastStartUnixNano);
    }

    [Fact]
    public void Counter_started_in_an_earlier_minute_counts_its_first_value_in_the_hour()
    {
        // Started at Base + 5 s, first exported at 1 min 5 s with 8: the minute only sees a baseline, the hour the 8.
        var minute1 = Fold(Counter(Base + (5 * Second), Base + Minute + (5 * Second), 8));
        Assert.Equal(0, minute1.Increase);
        Assert.Equal(8, minute1.InResolution(RollupResolution.Hour).Increase);
    }

    [Fact]
    public void Delta_counter_rollups_add_their_values()
    {
        var a = Fold(DeltaCounter(10, 3), DeltaCounter(20, 4));
        var b = Fold(DeltaCounter(70, 5));
        // 3 + 4 = 7; the next minute adds 5 whatever precedes it.
        Assert.Equal(7, a.Increase);
        Assert.Equal(5, b.IncreaseAfter(a));
        Assert.Equal(12, MetricRollup.Merge(a.InResolution(RollupResolution.Hour), b.InResolution(RollupResolution.Hour)).Increase);
    }

    [Fact]
    public void Histograms_with_the_same_bounds_add_their_buckets()
    {
        double[] bounds = [1, 5, 10];
        var a = Histogram(10, bounds, [1, 2, 0, 0], sum: 6, min: 0.5, max: 4);
        var b = Histogram(20, bounds, [0, 1, 1, 1], sum: 25, min: 3, max: 15);
        var c = Histogram(30, bounds, [2, 0, 0, 1], sum: 20, min: 0.25, max: 18);
        var left = MetricRollup.Merge(MetricRollup.Merge(a, b), c);
        AssertSame(left, MetricRollup.Merge(a, MetricRollup.Merge(b, c)));
        // [1+0+2, 2+1+0, 0+1+0, 0+1+1], 3 + 3 + 3 values, 6 + 25 + 20, min 0.25, max 18.
        Assert.Equal([3L, 3L, 1L, 2L], left.BucketCounts!);
        Assert.Equal(9, left.Count);
        Assert.Equal(51, left.Sum);
        Assert.Equal(0.25, left.Min);
        Assert.Equal(18, left.Max);
    }

    [Fact]
    public void Histogram_with_older_bounds_is_rebucketed_by_each_bucket_upper_bound()
    {
        // a has bounds [2, 4]: (..2] 1, (2,4] 2, (4,+∞) 3. Into [1, 5, 10]: 2 and 4 fall in (1,5] (index 1), +∞ in
        // the +Inf bucket (index 3): [0, 3, 0, 3]. Plus b [0,1,1,1] and c [2,0,0,1] → [2, 4, 1, 5].
        double[] bounds = [1, 5, 10];
        var a = Histogram(10, [2, 4], [1, 2, 3], sum: 30, min: 1.5, max: 9);
        var b = Histogram(20, bounds, [0, 1, 1, 1], sum: 25, min: 3, max: 15);
        var c = Histogram(30, bounds, [2, 0, 0, 1], sum: 20, min: 0.25, max: 18);
        var left = MetricRollup.Merge(MetricRollup.Merge(a, b), c);
        AssertSame(left, MetricRollup.Merge(a, MetricRollup.Merge(b, c)));
        Assert.Equal([1.0, 5.0, 10.0], left.ExplicitBounds!);
        Assert.Equal([2L, 4L, 1L, 5L], left.BucketCounts!);
        Assert.Equal(12, left.Count);
    }

    [Fact]
    public void Exponential_histogram_rollups_merge_across_scales()
    {
        var a = Exponential(10, new ExponentialHistogram { Scale = 1, Positive = new ExponentialBuckets(0, [1, 1, 1, 1]) }, count: 4, sum: 8);
        var b = Exponential(20, new ExponentialHistogram { Scale = 0, Positive = new ExponentialBuckets(1, [2]) }, count: 2, sum: 6);
        var c = Exponential(30, new ExponentialHistogram { Scale = 2, ZeroCount = 1, Positive = new ExponentialBuckets(4, [1]) }, count: 2, sum: 2);
        var left = MetricRollup.Merge(MetricRollup.Merge(a, b), c);
        AssertSame(left, MetricRollup.Merge(a, MetricRollup.Merge(b, c)));
        // At scale 0: a → [2, 2] at 0..1, b adds 2 at 1, c's index 4 at scale 2 is 4 >> 2 = 1: [2, 5], zero 1.
        Assert.Equal(0, left.Exponential!.Scale);
        Assert.Equal([2L, 5L], left.Exponential.Positive.Counts);
        Assert.Equal(8, left.Count);
        Assert.Equal(16, left.Sum);
    }

    [Fact]
    public void Summaries_and_gaps_do_not_roll_up()
    {
        Assert.Null(MetricRollup.FromPoint(new MetricPoint { Name = "s", Type = MetricType.Summary, TimeUnixNano = Base }, RollupResolution.Minute));
        Assert.Null(MetricRollup.FromPoint(GaugePoint(1, 1) with { NoRecordedValue = true }, RollupResolution.Minute));
    }

    [Fact]
    public void Cumulative_histograms_must_be_turned_into_deltas_first()
    {
        var point = new MetricPoint
        {
            Name = "latency", Type = MetricType.Histogram, Temporality = AggregationTemporality.Cumulative,
            TimeUnixNano = Base, ExplicitBounds = [1], BucketCounts = [1, 0], Count = 1,
        };
        Assert.Throws<ArgumentException>(() => MetricRollup.FromPoint(point, RollupResolution.Minute));
    }

    private static MetricRollup Fold(params MetricRollup[] rollups) => rollups.Aggregate(MetricRollup.Merge);

    private static MetricRollup Roll(MetricPoint point) => MetricRollup.FromPoint(point, RollupResolution.Minute)!;

    private static MetricRollup Gauge(long second, double value) => Roll(GaugePoint(second, value));

    private static MetricPoint GaugePoint(long second, double value) =>
        new() { Name = "temperature", Type = MetricType.Gauge, TimeUnixNano = Base + (second * Second), Value = value };

    private static MetricRollup Counter(long start, long time, double value) => Roll(CounterPoint(start, time, value));

    private static MetricPoint CounterPoint(long start, long time, double value) => new()
    {
        Name = "requests", Type = MetricType.Sum, Monotonic = true, Temporality = AggregationTemporality.Cumulative,
        StartUnixNano = start, TimeUnixNano = time, Value = value,
    };

    private static MetricRollup DeltaCounter(long second, double value) =>
        Roll(CounterPoint(0, Base + (second * Second), value) with { Temporality = AggregationTemporality.Delta });

    private static MetricRollup Histogram(long second, double[] bounds, long[] counts, double sum, double min, double max) => Roll(new MetricPoint
    {
        Name = "latency", Type = MetricType.Histogram, Temporality = AggregationTemporality.Delta,
        TimeUnixNano = Base + (second * Second), ExplicitBounds = bounds, BucketCounts = counts,
        Count = counts.Sum(), Sum = sum, Min = min, Max = max,
    });

    private static MetricRollup Exponential(long second, ExponentialHistogram histogram, long count, double sum) => Roll(new MetricPoint
    {
        Name = "latency", Type = MetricType.ExponentialHistogram, Temporality = AggregationTemporality.Delta,
        TimeUnixNano = Base + (second * Second), Exponential = histogram, Count = count, Sum = sum,
    });

    private static void AssertSame(MetricRollup expected, MetricRollup actual)
    {
        Assert.Equal(Scalars(expected), Scalars(actual));
        Assert.Equal(expected.ExplicitBounds ?? [], actual.ExplicitBounds ?? []);
        Assert.Equal(expected.BucketCounts ?? [], actual.BucketCounts ?? []);
        Assert.Equal(expected.Exponential is null, actual.Exponential is null);
        if (expected.Exponential is not null)
        {
            ExponentialHistogramTests.AssertSame(expected.Exponential, actual.Exponential!);
        }
    }

    private static MetricRollup Scalars(MetricRollup rollup) => rollup with { ExplicitBounds = null, BucketCounts = null, Exponential = null };
}
