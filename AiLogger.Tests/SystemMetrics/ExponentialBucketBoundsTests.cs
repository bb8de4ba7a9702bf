using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class ExponentialBucketBoundsTests
{
    [Theory]
    // scale 0: base 2, bucket i = (2^i, 2^(i+1)].
    [InlineData(0, 0, 1.0, 2.0)]
    [InlineData(0, 3, 8.0, 16.0)]
    [InlineData(0, -2, 0.25, 0.5)]
    // scale −1: base 2^2 = 4, bucket i = (4^i, 4^(i+1)].
    [InlineData(-1, 0, 1.0, 4.0)]
    [InlineData(-1, 1, 4.0, 16.0)]
    [InlineData(-1, -1, 0.25, 1.0)]
    // scale 3: base 2^(1/8); every 8th edge is a power of two, exactly.
    [InlineData(3, 8, 2.0, 2.1810154653305154)]
    [InlineData(3, 15, 3.668016172818685, 4.0)]
    [InlineData(3, -8, 0.5, 0.5452538663326288)]
    public void Bucket_edges_follow_the_base_of_the_scale(int scale, long index, double lower, double upper)
    {
        Assert.Equal(lower, ExponentialBucketBounds.LowerBound(index, scale), 15);
        Assert.Equal(upper, ExponentialBucketBounds.UpperBound(index, scale), 15);
    }

    [Fact]
    public void Powers_of_two_are_exact_edges_at_positive_scales()
    {
        // 2^(1/8)·... at scale 3: index 8k is exactly 2^k.
        for (var k = -20; k <= 20; k++)
        {
            Assert.Equal(Math.ScaleB(1.0, k), ExponentialBucketBounds.LowerBound(8L * k, 3));
        }

        // 2^(3/8) = 1.2968395546510096 (the eighth root of 8), so index 11 = 2·2^(3/8).
        Assert.Equal(2.5936791093020193, ExponentialBucketBounds.LowerBound(11, 3), 14);
    }

    [Theory]
    // Upper edges are inclusive: 2 is in (1,2] at scale 0, 4 in (1,4] and 5 in (4,16] at scale −1.
    [InlineData(0, 2.0, 0)]
    [InlineData(0, 2.5, 1)]
    [InlineData(0, 1.0, -1)]
    [InlineData(-1, 4.0, 0)]
    [InlineData(-1, 5.0, 1)]
    [InlineData(-1, 16.0, 1)]
    [InlineData(-1, 17.0, 2)]
    [InlineData(3, 2.0, 7)]
    [InlineData(3, 2.0000001, 8)]
    public void Value_falls_in_the_bucket_whose_upper_edge_it_does_not_pass(int scale, double value, long index) =>
        Assert.Equal(index, ExponentialBucketBounds.IndexOf(value, scale));

    [Fact]
    public void Every_value_lies_inside_its_bucket_at_every_scale()
    {
        var random = new Random(16);
        for (var scale = ExponentialBucketBounds.MinScale; scale <= ExponentialBucketBounds.MaxScale; scale++)
        {
            for (var n = 0; n < 200; n++)
            {
                var value = Math.ScaleB(1 + random.NextDouble(), random.Next(-60, 60));
                var index = ExponentialBucketBounds.IndexOf(value, scale);
                Assert.True(ExponentialBucketBounds.LowerBound(index, scale) < value, $"scale {scale}: {value} above its lower edge");
                Assert.True(value <= ExponentialBucketBounds.UpperBound(index, scale), $"scale {scale}: {value} within its upper edge");
            }
        }
    }

    [Fact]
    public void Scales_outside_the_OTLP_range_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialBucketBounds.LowerBound(0, 21));
}
