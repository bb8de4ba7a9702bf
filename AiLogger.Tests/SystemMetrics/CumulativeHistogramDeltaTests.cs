using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class CumulativeHistogramDeltaTests
{
    private static readonly MetricPoint Previous = new()
    {
        Name = "latency", Type = MetricType.Histogram, Temporality = AggregationTemporality.Cumulative,
        StartUnixNano = 1, TimeUnixNano = 10, ExplicitBounds = [1, 5, 10], BucketCounts = [1, 2, 0, 0],
        Count = 3, Sum = 6, Min = 0.5, Max = 4,
    };

    [Fact]
    public void Delta_is_the_difference_of_successive_cumulative_points()
    {
        var current = Previous with { TimeUnixNano = 20, BucketCounts = [1, 3, 1, 0], Count = 5, Sum = 14, Max = 7 };
        var delta = CumulativeHistogramDelta.Between(Previous, current);
        // [1−1, 3−2, 1−0, 0−0], 5 − 3 values, 14 − 6; the max moved to 7, so 7 is in the delta; the min did not move: unknown.
        Assert.Equal(AggregationTemporality.Delta, delta.Temporality);
        Assert.Equal([0L, 1L, 1L, 0L], delta.BucketCounts!);
        Assert.Equal(2, delta.Count);
        Assert.Equal(8, delta.Sum);
        Assert.Equal(7, delta.Max);
        Assert.Null(delta.Min);
        Assert.Equal(10, delta.StartUnixNano);
    }

    [Fact]
    public void A_lower_count_is_a_reset_and_the_whole_point_is_new()
    {
        var current = Previous with { StartUnixNano = 15, TimeUnixNano = 20, BucketCounts = [0, 1, 0, 0], Count = 1, Sum = 2, Min = 2, Max = 2 };
        var delta = CumulativeHistogramDelta.Between(Previous, current);
        Assert.Equal([0L, 1L, 0L, 0L], delta.BucketCounts!);
        Assert.Equal(2, delta.Min);
    }

    [Fact]
    public void Exponential_delta_downscales_the_previous_point_to_the_current_scale()
    {
        // Previous at scale 1: indexes 0, 1 → both index 0 at scale 0 (2). Current at scale 0: [3, 1] → delta [1, 1].
        var previous = new MetricPoint
        {
            Name = "latency", Type = MetricType.ExponentialHistogram, Temporality = AggregationTemporality.Cumulative,
            StartUnixNano = 1, TimeUnixNano = 10, Count = 2, Sum = 2.5,
            Exponential = new ExponentialHistogram { Scale = 1, Positive = new ExponentialBuckets(0, [1, 1]) },
        };
        var current = previous with
        {
            TimeUnixNano = 20, Count = 4, Sum = 7,
            Exponential = new ExponentialHistogram { Scale = 0, Positive = new ExponentialBuckets(0, [3, 1]) },
        };
        var delta = CumulativeHistogramDelta.Between(previous, current);
        Assert.Equal([1L, 1L], delta.Exponential!.Positive.Counts);
        Assert.Equal(2, delta.Count);
        Assert.Equal(4.5, delta.Sum);
    }
}
