using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class CounterIncreaseTests
{
    private const long Second = 1_000_000_000L;

    [Fact]
    public void Cumulative_increase_counts_a_reset_as_the_new_value()
    {
        // Started at 1 s: 10 @10 s, 25 @20 s, then restarted at 25 s: 5 @30 s, 12 @40 s.
        MetricPoint[] points = [Cumulative(1, 10, 10), Cumulative(1, 20, 25), Cumulative(25, 30, 5), Cumulative(25, 40, 12)];
        // Window (0, 40 s]: the counter started inside it, so 10, then +15, the reset +5, then +7 = 37.
        Assert.Equal(37, CounterIncrease.Over(points, 0, 40 * Second));
        // Window (10 s, 40 s]: the point at 10 s is the baseline: 15 + 5 + 7 = 27, over 30 s = 0.9/s.
        Assert.Equal(27, CounterIncrease.Over(points, 10 * Second, 40 * Second));
        Assert.Equal(0.9, CounterIncrease.RatePerSecond(points, 10 * Second, 40 * Second), 12);
    }

    [Fact]
    public void A_new_start_time_is_a_reset_even_when_the_value_went_up()
    {
        // 10 @10 s (started 1 s) then 30 @20 s of a counter restarted at 15 s: the 30 is all new, not 30 − 10.
        MetricPoint[] points = [Cumulative(1, 10, 10), Cumulative(15, 20, 30)];
        Assert.Equal(30, CounterIncrease.Over(points, 10 * Second, 20 * Second));
    }

    [Fact]
    public void First_point_of_a_counter_started_before_the_window_is_only_the_baseline()
    {
        // Without the point at 10 s, the one at 20 s (started at 1 s, before the window) is the baseline: 5 + 7 = 12.
        MetricPoint[] points = [Cumulative(1, 20, 25), Cumulative(25, 30, 5), Cumulative(25, 40, 12)];
        Assert.Equal(12, CounterIncrease.Over(points, 15 * Second, 40 * Second));
    }

    [Fact]
    public void Delta_points_are_added_up()
    {
        MetricPoint[] points = [Delta(0, 10, 3), Delta(10, 20, 4), Delta(20, 30, 5)];
        // (10 s, 30 s]: 4 + 5 = 9; (0, 30 s]: 3 + 4 + 5 = 12, over 30 s = 0.4/s.
        Assert.Equal(9, CounterIncrease.Over(points, 10 * Second, 30 * Second));
        Assert.Equal(0.4, CounterIncrease.RatePerSecond(points, 0, 30 * Second), 12);
    }

    [Fact]
    public void Order_of_the_points_does_not_matter()
    {
        MetricPoint[] points = [Cumulative(25, 40, 12), Cumulative(1, 10, 10), Cumulative(25, 30, 5), Cumulative(1, 20, 25)];
        Assert.Equal(37, CounterIncrease.Over(points, 0, 40 * Second));
    }

    [Fact]
    public void Only_monotonic_sums_are_counters()
    {
        Assert.True(CounterIncrease.IsCounter(MetricType.Sum, monotonic: true));
        // An up-down counter (queue length, memory in use) is a value, charted as it is.
        Assert.False(CounterIncrease.IsCounter(MetricType.Sum, monotonic: false));
        Assert.False(CounterIncrease.IsCounter(MetricType.Gauge, monotonic: false));
    }

    internal static MetricPoint Cumulative(long startSeconds, long timeSeconds, double value) => new()
    {
        Name = "requests",
        Type = MetricType.Sum,
        Monotonic = true,
        Temporality = AggregationTemporality.Cumulative,
        StartUnixNano = startSeconds * Second,
        TimeUnixNano = timeSeconds * Second,
        Value = value,
    };

    internal static MetricPoint Delta(long startSeconds, long timeSeconds, double value) =>
        Cumulative(startSeconds, timeSeconds, value) with { Temporality = AggregationTemporality.Delta };
}
