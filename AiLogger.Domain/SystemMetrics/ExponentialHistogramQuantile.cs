namespace AiLogger.Domain.SystemMetrics;

/// <summary>The q-quantile of an exponential histogram, interpolated linearly inside the bucket that holds rank q·count.</summary>
public static class ExponentialHistogramQuantile
{
    /// <summary>
    /// Buckets are ordered negative (most negative first), zero, positive; the zero bucket spans
    /// [−threshold, threshold], so with a threshold of 0 it answers 0. The answer is clamped into [min, max] when
    /// known. Null for an empty histogram.
    /// </summary>
    public static double? Estimate(ExponentialHistogram histogram, double q, double? min = null, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (double.IsNaN(q) || q < 0 || q > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile lies between 0 and 1.");
        }

        var ranges = ExponentialHistogramRanges.ToRanges(histogram);
        long total = 0;
        foreach (var range in ranges)
        {
            total += range.Count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = q * total;
        long before = 0;
        HistogramBucketRange? holder = null;
        foreach (var range in ranges)
        {
            if (range.Count > 0 && before + range.Count >= rank)
            {
                holder = range;
                break;
            }

            before += range.Count;
        }

        if (holder is null)
        {
            // Rounding can leave the rank a hair above the total: the last non-empty bucket holds it.
            holder = ranges.Last(r => r.Count > 0);
            before = total - holder.Count;
        }

        var fraction = Math.Clamp((rank - before) / holder.Count, 0, 1);
        var answer = holder.Lower + ((holder.Upper - holder.Lower) * fraction);
        if (min is { } low && answer < low)
        {
            answer = low;
        }

        if (max is { } high && answer > high)
        {
            answer = high;
        }

        return answer;
    }
}
