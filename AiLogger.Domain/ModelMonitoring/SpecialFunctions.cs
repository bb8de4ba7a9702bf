namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// The few special functions the drift tests need, written out so the Domain stays BCL-only.
/// Incomplete gamma follows Numerical Recipes (3rd ed., §6.1–6.2): series for x &lt; a + 1, Lentz continued
/// fraction otherwise; relative accuracy is about 1e-14 for the arguments drift tests produce.
/// </summary>
public static class SpecialFunctions
{
    private const double Epsilon = 2.220446049250313e-16;
    private const double FloatMin = 1e-300;
    private const int MaxIterations = 100_000;

    // Lanczos coefficients (g = 671/128, 14 terms) from Numerical Recipes 3rd ed. gammln; ~1e-15 relative.
    private static readonly double[] LanczosCoefficients =
    [
        57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
        0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
        -0.210264441724104883e-3, 0.217439618115212643e-3, -0.164318106536763890e-3, 0.844182239838527433e-4,
        -0.261908384015814087e-4, 0.368991826595316234e-5,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0.");
        var y = x;
        var tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.Log(tmp) - tmp;
        var series = 0.999999999999997092;
        foreach (var c in LanczosCoefficients) series += c / ++y;
        return tmp + Math.Log(2.5066282746310005 * series / x);
    }

    /// <summary>Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a).</summary>
    public static double RegularizedGammaP(double a, double x)
    {
        CheckGammaArguments(a, x);
        if (x == 0) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        return x < a + 1 ? GammaSeries(a, x) : 1 - GammaContinuedFraction(a, x);
    }

    /// <summary>Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x).</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        CheckGammaArguments(a, x);
        if (x == 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return x < a + 1 ? 1 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
    }

    /// <summary>Upper tail of the chi-squared distribution, P(X ≥ x) = Q(df/2, x/2) (scipy's <c>chi2.sf</c>).</summary>
    public static double ChiSquaredSurvival(double x, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0)) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be positive.");
        if (double.IsNaN(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be a number.");
        return x <= 0 ? 1 : RegularizedGammaQ(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>Complementary error function, via erfc(x) = Q(1/2, x²) for x ≥ 0 and erfc(−x) = 2 − erfc(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        return x >= 0 ? RegularizedGammaQ(0.5, x * x) : 1 + RegularizedGammaP(0.5, x * x);
    }

    /// <summary>Error function.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        return x >= 0 ? RegularizedGammaP(0.5, x * x) : -RegularizedGammaP(0.5, x * x);
    }

    /// <summary>Standard normal CDF Φ(z) = erfc(−z/√2) / 2.</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>
    /// Two-sided standard normal tail 2·(1 − Φ(|z|)), computed as erfc(|z|/√2) so that small p-values keep
    /// their precision instead of vanishing in 1 − Φ.
    /// </summary>
    public static double NormalTwoSidedP(double z) => Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>
    /// Survival function of the limiting Kolmogorov distribution, Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}
    /// (scipy's <c>kstwobign.sf</c>). Below λ = 1.18 the alternating series converges slowly, so the equivalent
    /// theta-function form 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} is used there.
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (double.IsNaN(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be a number.");
        if (lambda <= 0) return 1;
        if (lambda < 1.18)
        {
            var w = Math.PI * Math.PI / (8 * lambda * lambda);
            double cdf = 0;
            for (var k = 1; k < 100; k++)
            {
                var term = Math.Exp(-(2 * k - 1) * (2 * k - 1) * w);
                cdf += term;
                if (term <= Epsilon * cdf) break;
            }
            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * cdf, 0, 1);
        }
        double sum = 0;
        for (var k = 1; k < 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
            if (term <= Epsilon * sum) break;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    private static void CheckGammaArguments(double a, double x)
    {
        if (!(a > 0)) throw new ArgumentOutOfRangeException(nameof(a), a, "a must be positive.");
        if (!(x >= 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be non-negative.");
    }

    // e^{−x} x^a / Γ(a), the factor shared by the series and the continued fraction.
    private static double Prefactor(double a, double x) => Math.Exp(-x + a * Math.Log(x) - LogGamma(a));

    private static double GammaSeries(double a, double x)
    {
        var ap = a;
        var term = 1 / a;
        var sum = term;
        for (var n = 0; n < MaxIterations; n++)
        {
            ap++;
            term *= x / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon) return sum * Prefactor(a, x);
        }
        throw new ArithmeticException($"Incomplete gamma series did not converge for a={a}, x={x}.");
    }

    private static double GammaContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / FloatMin;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < FloatMin) d = FloatMin;
            c = b + an / c;
            if (Math.Abs(c) < FloatMin) c = FloatMin;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) <= Epsilon) return Prefactor(a, x) * h;
        }
        throw new ArithmeticException($"Incomplete gamma continued fraction did not converge for a={a}, x={x}.");
    }
}
