using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class HistogramHeatmapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static MetricRollup Explicit(double[] bounds, long[] counts) => new()
    {
        Kind = MetricRollupKind.Histogram, ExplicitBounds = bounds, BucketCounts = counts, Count = counts.Sum(),
    };

    private static MetricRollup Exponential(int scale, int offset, long[] counts) => new()
    {
        Kind = MetricRollupKind.ExponentialHistogram, Count = counts.Sum(),
        Exponential = new ExponentialHistogram { Scale = scale, Positive = new ExponentialBuckets(offset, counts) },
    };

    private static DateTimeOffset[] Times(int steps) => Enumerable.Range(0, steps).Select(i => T0.AddMinutes(i)).ToArray();

    [Fact]
    public void Explicit_buckets_are_rows_as_they_are_with_a_step_without_points_counted_zero()
    {
        var heatmap = HistogramHeatmap.Build(Times(3), [Explicit([1, 2], [3, 0, 1]), null, Explicit([1, 2], [0, 2, 0])]);

        Assert.Equal([(null, 1), (1, 2), (2, (double?)null)], heatmap.Rows.Select(r => (r.Lower, r.Upper)));
        Assert.Equal([3L, 0, 0], heatmap.Rows[0].Counts);
        Assert.Equal([0L, 0, 2], heatmap.Rows[1].Counts);
        Assert.Equal([1L, 0, 0], heatmap.Rows[2].Counts);
        Assert.Equal(Times(3), heatmap.Times);
    }

    [Fact]
    public void Empty_buckets_beyond_the_values_seen_are_left_out()
    {
        var heatmap = HistogramHeatmap.Build(Times(1), [Explicit([0.1, 0.5, 1, 5], [0, 4, 1, 0, 0])]);

        Assert.Equal([(0.1, 0.5), (0.5, (double?)1)], heatmap.Rows.Select(r => (r.Lower, r.Upper)));
    }

    [Fact]
    public void A_fine_exponential_histogram_is_put_into_power_of_two_rows_that_keep_every_count()
    {
        // Scale 3: 8 buckets per doubling; 80 buckets from 1 to 2^10, one value each.
        var heatmap = HistogramHeatmap.Build(Times(1), [Exponential(3, 0, Enumerable.Repeat(1L, 80).ToArray())]);

        Assert.Equal(10, heatmap.Rows.Count);
        Assert.All(heatmap.Rows, r => Assert.Equal(8, r.Counts[0]));
        Assert.Equal((1, 2), (heatmap.Rows[0].Lower!.Value, heatmap.Rows[0].Upper!.Value));
        Assert.Equal((512, 1024), (heatmap.Rows[^1].Lower!.Value, heatmap.Rows[^1].Upper!.Value));
    }

    [Fact]
    public void Past_the_row_cap_neighbouring_rows_are_joined()
    {
        // Scale −1: each bucket spans a factor of 4, so 100 buckets are 200 powers of two with counts.
        var heatmap = HistogramHeatmap.Build(Times(1), [Exponential(-1, -50, Enumerable.Repeat(1L, 100).ToArray())]);

        Assert.InRange(heatmap.Rows.Count, 1, HistogramHeatmap.MaxRows);
        Assert.Equal(100, heatmap.Rows.Sum(r => r.Counts[0]));
        for (var i = 1; i < heatmap.Rows.Count; i++) Assert.Equal(heatmap.Rows[i - 1].Upper, heatmap.Rows[i].Lower);
    }
}
