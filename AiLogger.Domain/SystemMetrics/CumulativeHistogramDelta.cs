namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// Turns a cumulative histogram point into what happened since the previous point of its series, so rollups add deltas.
/// A reset (start time changed, the count or a bucket went down, the bounds changed) makes the whole current point
/// the delta. Min and max are cumulative in OTLP, so the delta keeps them only when they are known to belong to it
/// (they moved past the previous ones, or after a reset); otherwise they are null (unknown).
/// </summary>
public static class CumulativeHistogramDelta
{
    private const long FirstPointWindowNanos = 5 * 60_000_000_000L;

    /// <summary>
    /// Whether a series' first point counts whole: when it covers a few minutes (an application's first export). One
    /// covering days (a long-running process newly pointed here) is only the baseline, or its whole history would land
    /// in one bucket.
    /// </summary>
    public static bool FirstPointCounts(MetricPoint first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return first.StartUnixNano != 0 && first.TimeUnixNano - first.StartUnixNano <= FirstPointWindowNanos;
    }

    /// <summary>The delta of <paramref name="current"/>; with no <paramref name="previous"/> (a new series) all of it.</summary>
    public static MetricPoint Between(MetricPoint? previous, MetricPoint current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Temporality != AggregationTemporality.Cumulative)
        {
            return current;
        }

        var whole = current with { Temporality = AggregationTemporality.Delta };
        if (previous is null || previous.Type != current.Type || previous.NoRecordedValue
            || (previous.StartUnixNano != 0 && current.StartUnixNano != 0 && previous.StartUnixNano != current.StartUnixNano)
            || (current.Count ?? 0) < (previous.Count ?? 0))
        {
            return whole;
        }

        var delta = whole with
        {
            StartUnixNano = previous.TimeUnixNano,
            Count = (current.Count ?? 0) - (previous.Count ?? 0),
            Sum = current.Sum is { } sum ? sum - (previous.Sum ?? 0) : null,
            Min = current.Min is { } min && (previous.Min is null || min < previous.Min) ? min : null,
            Max = current.Max is { } max && (previous.Max is null || max > previous.Max) ? max : null,
        };
        switch (current.Type)
        {
            case MetricType.Histogram:
                var counts = Subtract(previous, current);
                return counts is null ? whole : delta with { BucketCounts = counts };
            case MetricType.ExponentialHistogram when current.Exponential is not null && previous.Exponential is not null:
                var buckets = Subtract(previous.Exponential, current.Exponential);
                return buckets is null ? whole : delta with { Exponential = buckets };
            default:
                return whole;
        }
    }

    private static long[]? Subtract(MetricPoint previous, MetricPoint current)
    {
        var bounds = current.ExplicitBounds ?? [];
        var before = previous.BucketCounts ?? [];
        var now = current.BucketCounts ?? [];
        if (!(previous.ExplicitBounds ?? []).SequenceEqual(bounds) || before.Count != now.Count)
        {
            return null;
        }

        var counts = new long[now.Count];
        for (var i = 0; i < now.Count; i++)
        {
            counts[i] = now[i] - before[i];
            if (counts[i] < 0)
            {
                return null;
            }
        }

        return counts;
    }

    private static ExponentialHistogram? Subtract(ExponentialHistogram previous, ExponentialHistogram current)
    {
        // The SDK only ever lowers a cumulative histogram's scale; a finer current scale means a new histogram.
        if (current.Scale > previous.Scale)
        {
            return null;
        }

        var old = ExponentialHistogramMerge.Downscale(previous, current.Scale);
        var zero = current.ZeroCount - old.ZeroCount;
        var positive = Subtract(old.Positive, current.Positive);
        var negative = Subtract(old.Negative, current.Negative);
        if (zero < 0 || positive is null || negative is null)
        {
            return null;
        }

        return current with { ZeroCount = zero, Positive = positive, Negative = negative };
    }

    private static ExponentialBuckets? Subtract(ExponentialBuckets before, ExponentialBuckets now)
    {
        var counts = now.Counts.ToArray();
        for (var k = 0; k < before.Counts.Count; k++)
        {
            if (before.Counts[k] == 0)
            {
                continue;
            }

            var at = (long)before.Offset + k - now.Offset;
            if (at < 0 || at >= counts.Length)
            {
                return null;
            }

            counts[at] -= before.Counts[k];
            if (counts[at] < 0)
            {
                return null;
            }
        }

        return new ExponentialBuckets(now.Offset, counts);
    }
}
