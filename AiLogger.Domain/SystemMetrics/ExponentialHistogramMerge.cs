namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// Adds two exponential histograms' buckets. Different scales meet at the coarser one (bucket i at scale s is bucket
/// i >> k at scale s − k); when the merged buckets of a side would span more than <see cref="DefaultMaxBucketsPerSide"/>
/// the scale goes down further, as the OpenTelemetry SDK limits its histograms. The result is trimmed to the
/// non-empty range, so merging is associative: the final scale is the largest one at which every input fits.
/// </summary>
public static class ExponentialHistogramMerge
{
    /// <summary>The OpenTelemetry SDK's default bucket limit per side.</summary>
    public const int DefaultMaxBucketsPerSide = 160;

    public static ExponentialHistogram Merge(ExponentialHistogram a, ExponentialHistogram b, int maxBucketsPerSide = DefaultMaxBucketsPerSide)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBucketsPerSide, 2);
        ExponentialBucketBounds.CheckScale(a.Scale);
        ExponentialBucketBounds.CheckScale(b.Scale);

        var scale = Math.Min(a.Scale, b.Scale);
        scale = Math.Min(scale, FittingScale(a.Positive, a.Scale, b.Positive, b.Scale, scale, maxBucketsPerSide));
        scale = Math.Min(scale, FittingScale(a.Negative, a.Scale, b.Negative, b.Scale, scale, maxBucketsPerSide));
        return new ExponentialHistogram
        {
            Scale = scale,
            ZeroCount = a.ZeroCount + b.ZeroCount,
            // Buckets already below the wider threshold stay where they are: the difference is within one bucket.
            ZeroThreshold = Math.Max(a.ZeroThreshold, b.ZeroThreshold),
            Positive = Add(a.Positive, a.Scale, b.Positive, b.Scale, scale),
            Negative = Add(a.Negative, a.Scale, b.Negative, b.Scale, scale),
        };
    }

    /// <summary>The same histogram at a coarser (or equal) scale.</summary>
    public static ExponentialHistogram Downscale(ExponentialHistogram histogram, int scale)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ExponentialBucketBounds.CheckScale(scale);
        ExponentialBucketBounds.CheckScale(histogram.Scale);
        if (scale > histogram.Scale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"A histogram at scale {histogram.Scale} cannot be refined to scale {scale}.");
        }

        return histogram with
        {
            Scale = scale,
            Positive = Add(histogram.Positive, histogram.Scale, ExponentialBuckets.Empty, scale, scale),
            Negative = Add(histogram.Negative, histogram.Scale, ExponentialBuckets.Empty, scale, scale),
        };
    }

    private static int FittingScale(ExponentialBuckets a, int scaleA, ExponentialBuckets b, int scaleB, int scale, int maxBuckets)
    {
        var rangeA = NonEmptyRange(a);
        var rangeB = NonEmptyRange(b);
        while (scale > ExponentialBucketBounds.MinScale)
        {
            long low = long.MaxValue, high = long.MinValue;
            if (rangeA is (long lowA, long highA))
            {
                low = Math.Min(low, lowA >> (scaleA - scale));
                high = Math.Max(high, highA >> (scaleA - scale));
            }

            if (rangeB is (long lowB, long highB))
            {
                low = Math.Min(low, lowB >> (scaleB - scale));
                high = Math.Max(high, highB >> (scaleB - scale));
            }

            if (low > high || high - low + 1 <= maxBuckets)
            {
                break;
            }

            scale--;
        }

        return scale;
    }

    private static ExponentialBuckets Add(ExponentialBuckets a, int scaleA, ExponentialBuckets b, int scaleB, int scale)
    {
        var rangeA = NonEmptyRange(a);
        var rangeB = NonEmptyRange(b);
        if (rangeA is null && rangeB is null)
        {
            return ExponentialBuckets.Empty;
        }

        long low = long.MaxValue, high = long.MinValue;
        foreach (var (range, from) in new[] { (rangeA, scaleA), (rangeB, scaleB) })
        {
            if (range is (long l, long h))
            {
                low = Math.Min(low, l >> (from - scale));
                high = Math.Max(high, h >> (from - scale));
            }
        }

        var counts = new long[checked((int)(high - low + 1))];
        Accumulate(counts, low, a, scaleA - scale);
        Accumulate(counts, low, b, scaleB - scale);
        return new ExponentialBuckets(checked((int)low), counts);
    }

    private static void Accumulate(long[] counts, long low, ExponentialBuckets buckets, int shift)
    {
        for (var k = 0; k < buckets.Counts.Count; k++)
        {
            var count = buckets.Counts[k];
            if (count > 0)
            {
                counts[(((long)buckets.Offset + k) >> shift) - low] += count;
            }
        }
    }

    private static (long Low, long High)? NonEmptyRange(ExponentialBuckets buckets)
    {
        int first = -1, last = -1;
        for (var k = 0; k < buckets.Counts.Count; k++)
        {
            if (buckets.Counts[k] > 0)
            {
                if (first < 0)
                {
                    first = k;
                }

                last = k;
            }
        }

        return first < 0 ? null : ((long)buckets.Offset + first, (long)buckets.Offset + last);
    }
}
