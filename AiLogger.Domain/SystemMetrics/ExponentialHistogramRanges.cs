namespace AiLogger.Domain.SystemMetrics;

/// <summary>An exponential histogram's buckets as explicit value ranges, ascending (negative buckets, zero bucket, positive buckets).</summary>
public static class ExponentialHistogramRanges
{
    /// <summary>
    /// Negative bucket i becomes [−base^(i+1), −base^i); the zero bucket [−threshold, threshold] (only when it holds
    /// something); positive bucket i (base^i, base^(i+1)]. Empty buckets between the first and last are kept so a heat
    /// map has no holes.
    /// </summary>
    public static IReadOnlyList<HistogramBucketRange> ToRanges(ExponentialHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ExponentialBucketBounds.CheckScale(histogram.Scale);
        var scale = histogram.Scale;
        var ranges = new List<HistogramBucketRange>(histogram.Negative.Counts.Count + histogram.Positive.Counts.Count + 1);
        var negative = histogram.Negative;
        for (var k = negative.Counts.Count - 1; k >= 0; k--)
        {
            long index = (long)negative.Offset + k;
            ranges.Add(new HistogramBucketRange(
                -ExponentialBucketBounds.UpperBound(index, scale),
                -ExponentialBucketBounds.LowerBound(index, scale),
                Math.Max(0, negative.Counts[k])));
        }

        if (histogram.ZeroCount > 0)
        {
            var threshold = Math.Abs(histogram.ZeroThreshold);
            ranges.Add(new HistogramBucketRange(-threshold, threshold, histogram.ZeroCount));
        }

        var positive = histogram.Positive;
        for (var k = 0; k < positive.Counts.Count; k++)
        {
            long index = (long)positive.Offset + k;
            ranges.Add(new HistogramBucketRange(
                ExponentialBucketBounds.LowerBound(index, scale),
                ExponentialBucketBounds.UpperBound(index, scale),
                Math.Max(0, positive.Counts[k])));
        }

        return ranges;
    }
}
