using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

public sealed class ExplicitHistogramQuantileTests
{
    // Buckets (−∞,1] (1,2] (2,5] (5,10] (10,+∞) with 2, 3, 4, 1, 0 values: 10 in all.
    private static readonly double[] Bounds = [1, 2, 5, 10];
    private static readonly long[] Counts = [2, 3, 4, 1, 0];

    [Theory]
    // q=0.5: rank 5 reaches the cumulative count 5 in (1,2]: 2 before, (5−2)/3 = 1 of the way → 2.
    [InlineData(0.5, 2.0)]
    // q=0.6: rank 6 lies in (2,5]: 5 before, (6−5)/4 = 0.25 → 2 + 3·0.25 = 2.75.
    [InlineData(0.6, 2.75)]
    // q=0.9: rank 9 ends (2,5] → 5.
    [InlineData(0.9, 5.0)]
    // q=0.95: rank 9.5 in (5,10]: 9 before, 0.5/1 → 5 + 5·0.5 = 7.5.
    [InlineData(0.95, 7.5)]
    // q=0.1: rank 1 in the first bucket, which starts at 0 (its bound 1 is above 0): 1/2 → 0.5.
    [InlineData(0.1, 0.5)]
    public void Interpolates_inside_the_bucket_that_holds_the_rank(double q, double expected) =>
        Assert.Equal(expected, ExplicitHistogramQuantile.Estimate(Bounds, Counts, q)!.Value, 12);

    [Fact]
    public void First_bucket_starts_at_the_known_minimum()
    {
        // rank 1 of 2 in (0.4, 1]: 0.4 + 0.6·0.5 = 0.7.
        Assert.Equal(0.7, ExplicitHistogramQuantile.Estimate(Bounds, Counts, 0.1, min: 0.4)!.Value, 12);
    }

    [Fact]
    public void First_bucket_at_or_below_zero_answers_its_bound_unless_the_minimum_is_known()
    {
        double[] bounds = [-5, 0, 5];
        long[] counts = [2, 0, 0, 0];
        Assert.Equal(-5, ExplicitHistogramQuantile.Estimate(bounds, counts, 0.5));
        // With min −9: (−9, −5], rank 1 of 2 → −9 + 4·0.5 = −7.
        Assert.Equal(-7, ExplicitHistogramQuantile.Estimate(bounds, counts, 0.5, min: -9));
    }

    [Fact]
    public void Overflow_bucket_answers_the_maximum_or_the_last_bound()
    {
        long[] counts = [0, 0, 0, 1, 1];
        Assert.Equal(12, ExplicitHistogramQuantile.Estimate(Bounds, counts, 1, max: 12));
        Assert.Equal(10, ExplicitHistogramQuantile.Estimate(Bounds, counts, 1));
    }

    [Fact]
    public void Answer_is_clamped_into_min_and_max()
    {
        // 7.5 (see above) is above a maximum of 6.
        Assert.Equal(6, ExplicitHistogramQuantile.Estimate(Bounds, Counts, 0.95, max: 6));
        // q=0: rank 0 is the start of the first bucket, which is the known minimum 0.3.
        Assert.Equal(0.3, ExplicitHistogramQuantile.Estimate(Bounds, Counts, 0, min: 0.3));
    }

    [Fact]
    public void Empty_histogram_has_no_quantile() =>
        Assert.Null(ExplicitHistogramQuantile.Estimate(Bounds, [0, 0, 0, 0, 0], 0.5));

    [Fact]
    public void Counts_that_do_not_match_the_bounds_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ExplicitHistogramQuantile.Estimate(Bounds, [1, 2], 0.5));
        Assert.Contains("5 bucket counts, not 2", error.Message);
    }
}
