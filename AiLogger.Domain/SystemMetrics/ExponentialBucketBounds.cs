namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// Bucket edges of an exponential histogram: at scale s the base is 2^(2^-s) and bucket i covers (base^i, base^(i+1)].
/// </summary>
public static class ExponentialBucketBounds
{
    /// <summary>The scales OTLP allows.</summary>
    public const int MinScale = -10;

    public const int MaxScale = 20;

    /// <summary>base^index, the exclusive lower edge of bucket <paramref name="index"/>.</summary>
    public static double LowerBound(long index, int scale)
    {
        CheckScale(scale);
        if (scale <= 0)
        {
            // base^i = 2^(i·2^-s): a power of two, exact (ScaleB saturates to 0 or +Inf out of range).
            var exponent = index << -scale;
            return Math.ScaleB(1.0, (int)Math.Clamp(exponent, -2200, 2200));
        }

        // i = whole·2^s + rest: the power of two is exact and only the fraction 2^(rest/2^s) is rounded, so the
        // edges that are powers of two come out exact and the others within an ulp.
        var whole = index >> scale;
        var rest = index & ((1L << scale) - 1);
        var fraction = rest == 0 ? 1.0 : Math.Pow(2, rest / (double)(1L << scale));
        return Math.ScaleB(fraction, (int)Math.Clamp(whole, -2200, 2200));
    }

    /// <summary>base^(index+1), the inclusive upper edge of bucket <paramref name="index"/>.</summary>
    public static double UpperBound(long index, int scale) => LowerBound(index + 1, scale);

    /// <summary>The bucket holding a positive finite <paramref name="value"/> (upper edges inclusive).</summary>
    public static long IndexOf(double value, int scale)
    {
        CheckScale(scale);
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only positive finite values have an exponential bucket.");
        }

        var exponent = Math.ILogB(value);
        var exactPower = Math.ScaleB(1.0, exponent) == value;
        if (scale <= 0)
        {
            long atScaleZero = exactPower ? exponent - 1 : exponent;
            return atScaleZero >> -scale;
        }

        if (exactPower)
        {
            return ((long)exponent << scale) - 1;
        }

        var index = (long)Math.Ceiling(Math.Log2(value) * (1L << scale)) - 1;
        // The logarithm may be off by one near an edge; the edges decide.
        while (index > long.MinValue && value <= LowerBound(index, scale))
        {
            index--;
        }

        while (value > UpperBound(index, scale))
        {
            index++;
        }

        return index;
    }

    internal static void CheckScale(int scale)
    {
        if (scale is < MinScale or > MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"An exponential histogram's scale lies between {MinScale} and {MaxScale}.");
        }
    }
}
