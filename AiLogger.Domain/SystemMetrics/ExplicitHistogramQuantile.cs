namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// The q-quantile of an explicit-bucket histogram, interpolated linearly inside the bucket that holds rank q·count
/// (what the explorer's p50/p90/p99 lines and the metric alerts' p95 show).
/// </summary>
public static class ExplicitHistogramQuantile
{
    /// <summary>
    /// <paramref name="bounds"/> are the ascending upper bounds; <paramref name="counts"/> has one more entry (the +Inf
    /// bucket). The first bucket starts at <paramref name="min"/> when known, else at 0 when its upper bound is above 0
    /// (durations, sizes), else it answers its bound. The +Inf bucket answers <paramref name="max"/> when known, else the
    /// last finite bound. The answer is clamped into [min, max] when they are known. Null for an empty histogram.
    /// </summary>
    public static double? Estimate(IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double q, double? min = null, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        if (double.IsNaN(q) || q < 0 || q > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile lies between 0 and 1.");
        }

        if (counts.Count != bounds.Count + 1)
        {
            throw new ArgumentException($"An explicit histogram with {bounds.Count} bounds has {bounds.Count + 1} bucket counts, not {counts.Count}.", nameof(counts));
        }

        long total = 0;
        foreach (var count in counts)
        {
            total += Math.Max(0, count);
        }

        if (total == 0)
        {
            return null;
        }

        var rank = q * total;
        long before = 0;
        var bucket = 0;
        for (; bucket < counts.Count; bucket++)
        {
            var count = Math.Max(0, counts[bucket]);
            // The first non-empty bucket whose cumulative count reaches the rank; q = 0 lands on the lowest value.
            if (count > 0 && before + count >= rank)
            {
                break;
            }

            before += count;
        }

        bucket = Math.Min(bucket, counts.Count - 1);
        var inBucket = Math.Max(0, counts[bucket]);
        double answer;
        if (bucket == bounds.Count)
        {
            answer = max ?? (bounds.Count > 0 ? bounds[^1] : min ?? 0);
        }
        else
        {
            var upper = bounds[bucket];
            double lower;
            if (bucket > 0)
            {
                lower = bounds[bucket - 1];
            }
            else if (min is { } knownMin && knownMin <= upper)
            {
                lower = knownMin;
            }
            else
            {
                lower = upper > 0 ? 0 : upper;
            }

            var fraction = inBucket == 0 ? 0 : (rank - before) / inBucket;
            answer = lower + ((upper - lower) * Math.Clamp(fraction, 0, 1));
        }

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
