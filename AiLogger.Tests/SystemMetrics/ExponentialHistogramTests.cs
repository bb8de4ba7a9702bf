using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class ExponentialHistogramTests
{
    // Scale 0 (base 2): one value in [−4,−2) (negative index 1), one zero, two in (1,2], two in (2,4]; 6 in all.
    private static readonly ExponentialHistogram Sample = new()
    {
        Scale = 0,
        ZeroCount = 1,
        Negative = new ExponentialBuckets(1, [1]),
        Positive = new ExponentialBuckets(0, [2, 2]),
    };

    [Fact]
    public void Buckets_become_ascending_value_ranges_for_the_heat_map()
    {
        Assert.Equal(
            [new(-4, -2, 1), new(0, 0, 1), new(1, 2, 2), new(2, 4, 2)],
            ExponentialHistogramRanges.ToRanges(Sample));
    }

    [Theory]
    // q=0: rank 0 is the start of the first non-empty range [−4,−2) → −4.
    [InlineData(0.0, -4.0)]
    // q=0.25: rank 1.5; 1 negative value before, the zero bucket reaches 2 → 0.
    [InlineData(0.25, 0.0)]
    // q=0.5: rank 3 in (1,2]: 2 before, 1/2 of the way → 1.5.
    [InlineData(0.5, 1.5)]
    // q=0.75: rank 4.5 in (2,4]: 4 before, 0.5/2 → 2 + 2·0.25 = 2.5.
    [InlineData(0.75, 2.5)]
    [InlineData(1.0, 4.0)]
    public void Quantile_interpolates_across_negative_zero_and_positive_buckets(double q, double expected) =>
        Assert.Equal(expected, ExponentialHistogramQuantile.Estimate(Sample, q)!.Value, 12);

    [Fact]
    public void Quantile_is_clamped_into_min_and_max()
    {
        Assert.Equal(-3, ExponentialHistogramQuantile.Estimate(Sample, 0, min: -3));
        Assert.Equal(3.5, ExponentialHistogramQuantile.Estimate(Sample, 1, max: 3.5));
    }

    [Fact]
    public void Empty_histogram_has_no_quantile() =>
        Assert.Null(ExponentialHistogramQuantile.Estimate(new ExponentialHistogram { Scale = 3 }, 0.5));

    [Fact]
    public void Quantile_at_scale_3_uses_the_bucket_edges_of_that_scale()
    {
        // Indexes 8 and 9 at scale 3: (2, 2^(9/8)] and (2^(9/8), 2^(10/8)], one value each. q=0.5: rank 1 ends
        // bucket 8 → its upper edge 2^(9/8) = 2.1810154653305154.
        var histogram = new ExponentialHistogram { Scale = 3, Positive = new ExponentialBuckets(8, [1, 1]) };
        Assert.Equal(2.1810154653305154, ExponentialHistogramQuantile.Estimate(histogram, 0.5)!.Value, 14);
    }

    [Fact]
    public void Merge_meets_at_the_coarser_scale()
    {
        // a at scale 1: indexes 0..3 one value each. At scale 0 they are 0,0,1,1 (i >> 1).
        // b at scale 0: index 1 with 2. Sum at scale 0: index 0 → 2, index 1 → 2 + 2 = 4.
        var a = new ExponentialHistogram { Scale = 1, ZeroCount = 1, Positive = new ExponentialBuckets(0, [1, 1, 1, 1]) };
        var b = new ExponentialHistogram { Scale = 0, ZeroCount = 2, Positive = new ExponentialBuckets(1, [2]) };
        var merged = ExponentialHistogramMerge.Merge(a, b);
        Assert.Equal(0, merged.Scale);
        Assert.Equal(3, merged.ZeroCount);
        Assert.Equal(0, merged.Positive.Offset);
        Assert.Equal([2L, 4L], merged.Positive.Counts);
        Assert.Empty(merged.Negative.Counts);
    }

    [Fact]
    public void Merge_downscales_further_when_the_buckets_would_span_more_than_the_limit()
    {
        // Scale 3, indexes 0 and 200: 201 buckets > 160. Scale 2: indexes 0 and 100, 101 buckets, fits.
        var a = new ExponentialHistogram { Scale = 3, Positive = new ExponentialBuckets(0, [5]) };
        var b = new ExponentialHistogram { Scale = 3, Positive = new ExponentialBuckets(200, [7]) };
        var merged = ExponentialHistogramMerge.Merge(a, b);
        Assert.Equal(2, merged.Scale);
        Assert.Equal(0, merged.Positive.Offset);
        Assert.Equal(101, merged.Positive.Counts.Count);
        Assert.Equal(5, merged.Positive.Counts[0]);
        Assert.Equal(7, merged.Positive.Counts[100]);
        // The coarser bucket still holds the finer one: (2^25, 2^25.125] inside (2^25, 2^25.25].
        Assert.Equal(ExponentialBucketBounds.LowerBound(200, 3), ExponentialBucketBounds.LowerBound(100, 2));
    }

    [Fact]
    public void Merge_respects_a_smaller_bucket_limit_on_the_negative_side()
    {
        // Negative indexes 0 and 9 at scale 0 span 10 > 4; scale −1: 0 and 4 (5 > 4); scale −2: 0 and 2 (3) fits.
        var a = new ExponentialHistogram { Scale = 0, Negative = new ExponentialBuckets(0, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]) };
        var merged = ExponentialHistogramMerge.Merge(a, new ExponentialHistogram { Scale = 0 }, maxBucketsPerSide: 4);
        Assert.Equal(-2, merged.Scale);
        Assert.Equal([1L, 0L, 1L], merged.Negative.Counts);
    }

    [Fact]
    public void Merge_is_associative_across_scales()
    {
        var a = new ExponentialHistogram { Scale = 4, ZeroCount = 1, Positive = new ExponentialBuckets(-3, [1, 2, 3]), Negative = new ExponentialBuckets(5, [4]) };
        var b = new ExponentialHistogram { Scale = 2, Positive = new ExponentialBuckets(10, [1, 0, 6]) };
        var c = new ExponentialHistogram { Scale = 3, ZeroCount = 2, Positive = new ExponentialBuckets(300, [9]), Negative = new ExponentialBuckets(-2, [1, 1]) };
        var left = ExponentialHistogramMerge.Merge(ExponentialHistogramMerge.Merge(a, b), c);
        var right = ExponentialHistogramMerge.Merge(a, ExponentialHistogramMerge.Merge(b, c));
        AssertSame(left, right);
        // At scale 2 (b's): a's −3..−1 become −1 (i >> 2), b's 10..12 stay, c's 300 becomes 150 (i >> 1):
        // −1..150 is 152 buckets, within 160, so no further downscaling.
        Assert.Equal(2, left.Scale);
        Assert.Equal(1 + 2 + 3 + 1 + 6 + 9, left.Positive.Counts.Sum());
    }

    internal static void AssertSame(ExponentialHistogram expected, ExponentialHistogram actual)
    {
        Assert.Equal(expected.Scale, actual.Scale);
        Assert.Equal(expected.ZeroCount, actual.ZeroCount);
        Assert.Equal(expected.ZeroThreshold, actual.ZeroThreshold);
        Assert.Equal(expected.Positive.Offset, actual.Positive.Offset);
        Assert.Equal(expected.Positive.Counts, actual.Positive.Counts);
        Assert.Equal(expected.Negative.Offset, actual.Negative.Offset);
        Assert.Equal(expected.Negative.Counts, actual.Negative.Counts);
    }
}
