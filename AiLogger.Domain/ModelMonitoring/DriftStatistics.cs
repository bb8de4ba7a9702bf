namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Drift statistics comparing a reference sample with a current one, each matching its scipy / Evidently
/// counterpart. Categorical inputs are per-class counts (or shares) aligned by index.
/// </summary>
public static class DriftStatistics
{
    /// <summary>Share substituted for an empty bin or class in PSI (Evidently's value).</summary>
    public const double PsiEmptyShare = 0.0001;

    /// <summary>Reference share given to a class the reference never saw, before renormalising, in the chi-squared test.</summary>
    public const double ChiSquaredZeroShare = 1e-4;

    /// <summary>Floor for the reference standard deviation in <see cref="NormedWasserstein"/> (Evidently's value).</summary>
    public const double MinimumWassersteinNorm = 0.001;

    /// <summary>Bins used by <see cref="NumericPopulationStabilityIndex"/> unless told otherwise.</summary>
    public const int DefaultPsiBins = 10;

    /// <summary>Largest sample size for which the exact KS p-value is computed, as scipy's <c>ks_2samp</c> MAX_AUTO_N.</summary>
    public const int MaxExactKsSampleSize = 10_000;

    /// <summary>
    /// Chi-squared goodness of fit of the current counts to the reference distribution: expected = reference
    /// share × current total, statistic Σ (observed − expected)² / expected, df = k − 1, p = Q(df/2, χ²/2).
    /// Classes absent from both samples are left out (they carry no information and would only add degrees of
    /// freedom). A class absent from the reference alone would have expected 0 and an infinite statistic; it is
    /// given a reference share of <see cref="ChiSquaredZeroShare"/> and the shares renormalised, so a class that
    /// appears only now still produces a huge, finite statistic.
    /// </summary>
    public static ChiSquaredResult ChiSquaredGoodnessOfFit(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts)
    {
        CheckAligned(referenceCounts, currentCounts);
        CheckCounts(referenceCounts, nameof(referenceCounts));
        CheckCounts(currentCounts, nameof(currentCounts));
        var keep = Enumerable.Range(0, referenceCounts.Count).Where(i => referenceCounts[i] + currentCounts[i] > 0).ToArray();
        var referenceTotal = keep.Sum(i => referenceCounts[i]);
        var currentTotal = keep.Sum(i => currentCounts[i]);
        if (referenceTotal <= 0) throw new ArgumentException("The reference has no items.", nameof(referenceCounts));
        if (currentTotal <= 0) throw new ArgumentException("The current sample has no items.", nameof(currentCounts));

        var shares = keep.Select(i => referenceCounts[i] / referenceTotal).Select(s => s == 0 ? ChiSquaredZeroShare : s).ToArray();
        var shareTotal = shares.Sum();
        double statistic = 0;
        for (var n = 0; n < keep.Length; n++)
        {
            var expected = shares[n] / shareTotal * currentTotal;
            var difference = currentCounts[keep[n]] - expected;
            statistic += difference * difference / expected;
        }
        var df = keep.Length - 1;
        return new ChiSquaredResult
        {
            Statistic = statistic,
            DegreesOfFreedom = df,
            PValue = df == 0 ? 1 : SpecialFunctions.ChiSquaredSurvival(statistic, df),
        };
    }

    /// <summary>
    /// Two-proportion z-test with pooled proportion P = (s₁ + s₂)/(n₁ + n₂):
    /// z = (s₁/n₁ − s₂/n₂) / √(P(1 − P)(1/n₁ + 1/n₂)), two-sided p = 2·(1 − Φ(|z|)).
    /// When P is 0 or 1 both samples are all one outcome: z = 0 and p = 1 (as Evidently special-cases it).
    /// </summary>
    public static ZTestResult TwoProportionZTest(long referenceSuccesses, long referenceTotal, long currentSuccesses, long currentTotal)
    {
        if (referenceTotal <= 0) throw new ArgumentOutOfRangeException(nameof(referenceTotal), referenceTotal, "The reference has no items.");
        if (currentTotal <= 0) throw new ArgumentOutOfRangeException(nameof(currentTotal), currentTotal, "The current sample has no items.");
        if (referenceSuccesses < 0 || referenceSuccesses > referenceTotal)
            throw new ArgumentOutOfRangeException(nameof(referenceSuccesses), referenceSuccesses, "Successes must lie in [0, total].");
        if (currentSuccesses < 0 || currentSuccesses > currentTotal)
            throw new ArgumentOutOfRangeException(nameof(currentSuccesses), currentSuccesses, "Successes must lie in [0, total].");

        var p1 = (double)referenceSuccesses / referenceTotal;
        var p2 = (double)currentSuccesses / currentTotal;
        var pooled = (double)(referenceSuccesses + currentSuccesses) / (referenceTotal + currentTotal);
        var variance = pooled * (1 - pooled) * (1.0 / referenceTotal + 1.0 / currentTotal);
        if (variance <= 0) return new ZTestResult { Statistic = 0, PValue = 1, PooledProportion = pooled };
        var z = (p1 - p2) / Math.Sqrt(variance);
        return new ZTestResult { Statistic = z, PValue = SpecialFunctions.NormalTwoSidedP(z), PooledProportion = pooled };
    }

    /// <summary>
    /// Jensen–Shannon distance with natural log, as scipy's <c>spatial.distance.jensenshannon(p, q)</c>:
    /// √(½·KL(p‖m) + ½·KL(q‖m)) with m = (p + q)/2, after normalising both to sum 1. Lies in [0, √ln 2].
    /// </summary>
    public static double JensenShannonDistance(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        CheckAligned(p, q);
        var ps = Normalise(p, nameof(p));
        var qs = Normalise(q, nameof(q));
        double divergence = 0;
        for (var i = 0; i < ps.Length; i++)
        {
            var m = (ps[i] + qs[i]) / 2;
            divergence += RelativeEntropy(ps[i], m) + RelativeEntropy(qs[i], m);
        }
        return Math.Sqrt(Math.Max(0, divergence / 2));
    }

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov test, two-sided, as scipy's <c>ks_2samp(reference, current)</c> with its
    /// default <c>method='auto'</c>: the exact p-value when both samples have at most
    /// <see cref="MaxExactKsSampleSize"/> items, otherwise an asymptotic one.
    /// <para>
    /// Exact: every interleaving of the two sorted samples is a monotone lattice path from (0, 0) to (n₁, n₂), all
    /// equally likely under the null; p is the share of paths that touch |i/n₁ − j/n₂| ≥ D. This is the same
    /// probability scipy gets from <c>_compute_prob_outside_square</c> (n₁ = n₂) or
    /// <c>_compute_outer_prob_inside_method</c>. It is computed by pushing probability mass along the band
    /// (each step's chance is the remaining items of that sample over all remaining items) and summing the mass
    /// that leaves it, which cannot overflow and keeps small p-values precise. The comparison is done on the integer
    /// |i·n₂ − j·n₁| against D·n₁·n₂, so there is no floating tolerance to tune.
    /// </para>
    /// <para>
    /// Asymptotic: scipy uses <c>kstwo.sf(D, round(en))</c>; here the limiting Kolmogorov distribution with
    /// Stephens' small-sample correction, Q_KS((√en + 0.12 + 0.11/√en)·D), en = n₁n₂/(n₁ + n₂). At the sizes where
    /// it is used (more than 10,000 items) it agrees with scipy to about 1% of the p-value, down to p ≈ 1e-4.
    /// </para>
    /// Ties are handled as scipy does: D is taken over the pooled distinct values, and p is computed as if there
    /// were no ties.
    /// </summary>
    public static KolmogorovSmirnovResult KolmogorovSmirnov(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var a = SortedSample(reference, nameof(reference));
        var b = SortedSample(current, nameof(current));
        long n1 = a.Length, n2 = b.Length;

        // Largest |i·n₂ − j·n₁| over ECDF steps: D in units of 1/(n₁n₂), an exact integer.
        long gap = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var x = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            gap = Math.Max(gap, Math.Abs(i * n2 - j * n1));
        }
        var d = (double)gap / (n1 * n2);

        if (Math.Max(n1, n2) <= MaxExactKsSampleSize)
            return new KolmogorovSmirnovResult { Statistic = d, PValue = ExactKsPValue((int)n1, (int)n2, gap), Exact = true };

        var en = (double)n1 * n2 / (n1 + n2);
        var lambda = (Math.Sqrt(en) + 0.12 + 0.11 / Math.Sqrt(en)) * d;
        return new KolmogorovSmirnovResult { Statistic = d, PValue = SpecialFunctions.KolmogorovSurvival(lambda), Exact = false };
    }

    /// <summary>
    /// First Wasserstein (earth mover's) distance between the two empirical distributions,
    /// ∫ |F_reference(x) − F_current(x)| dx, as scipy's <c>stats.wasserstein_distance(reference, current)</c>.
    /// </summary>
    public static double WassersteinDistance(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var a = SortedSample(reference, nameof(reference));
        var b = SortedSample(current, nameof(current));
        double distance = 0;
        int i = 0, j = 0;
        var x = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            if (i == a.Length && j == b.Length) break;
            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            distance += Math.Abs((double)i / a.Length - (double)j / b.Length) * (next - x);
            x = next;
        }
        return distance;
    }

    /// <summary>
    /// Wasserstein distance divided by the reference's population standard deviation (ddof = 0), floored at
    /// <see cref="MinimumWassersteinNorm"/> — Evidently's <c>wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)</c>.
    /// </summary>
    public static double NormedWasserstein(IReadOnlyList<double> reference, IReadOnlyList<double> current) =>
        WassersteinDistance(reference, current) / Math.Max(PopulationStandardDeviation(reference), MinimumWassersteinNorm);

    /// <summary>
    /// Population Stability Index Σ (cur − ref)·ln(cur / ref) over aligned classes or bins. Inputs are counts or
    /// shares; each side is normalised to sum 1 and a zero share replaced by <see cref="PsiEmptyShare"/>
    /// (without renormalising, as Evidently does).
    /// </summary>
    public static double PopulationStabilityIndex(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        CheckAligned(reference, current);
        var r = Normalise(reference, nameof(reference));
        var c = Normalise(current, nameof(current));
        double psi = 0;
        for (var i = 0; i < r.Length; i++)
        {
            var rs = r[i] == 0 ? PsiEmptyShare : r[i];
            var cs = c[i] == 0 ? PsiEmptyShare : c[i];
            psi += (cs - rs) * Math.Log(cs / rs);
        }
        return psi;
    }

    /// <summary>
    /// PSI of a numeric feature over <paramref name="bins"/> equal-width bins spanning the combined minimum and
    /// maximum of both samples (the last bin closed on the right, like <c>np.histogram</c>). Equal-width bins over
    /// both samples are chosen over reference quantiles so that current values outside the reference range still
    /// land in their own bins rather than being clipped into the edge ones. All values equal gives 0.
    /// </summary>
    public static double NumericPopulationStabilityIndex(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = DefaultPsiBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var a = SortedSample(reference, nameof(reference));
        var b = SortedSample(current, nameof(current));
        var min = Math.Min(a[0], b[0]);
        var max = Math.Max(a[^1], b[^1]);
        if (max == min) return 0;
        return PopulationStabilityIndex(Histogram(a, min, max, bins), Histogram(b, min, max, bins));
    }

    /// <summary>Stable below 0.1, moderate from 0.1, major from 0.25.</summary>
    public static PsiLevel ClassifyPsi(double psi) => psi switch
    {
        >= 0.25 => PsiLevel.Major,
        >= 0.1 => PsiLevel.Moderate,
        _ => PsiLevel.Stable,
    };

    /// <summary>Standard deviation with divisor n (numpy's default <c>np.std</c>).</summary>
    public static double PopulationStandardDeviation(IReadOnlyList<double> values)
    {
        var sample = SortedSample(values, nameof(values));
        var mean = sample.Average();
        double squares = 0;
        foreach (var v in sample) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / sample.Length);
    }

    // Probability that a uniformly random interleaving of n1 and n2 items leaves the band |i·n2 − j·n1| < gap.
    private static double ExactKsPValue(int n1, int n2, long gap)
    {
        if (gap == 0) return 1;
        var row = new double[n2 + 1];
        var next = new double[n2 + 1];
        row[0] = 1;
        double outside = 0;
        for (var i = 0; i <= n1; i++)
        {
            var (lo, hi) = Band(i, n1, n2, gap);
            if (i < n1)
            {
                var (nextLo, nextHi) = Band(i + 1, n1, n2, gap);
                if (nextLo <= nextHi) Array.Clear(next, nextLo, nextHi - nextLo + 1);
            }
            for (var j = lo; j <= hi; j++)
            {
                var mass = row[j];
                if (mass == 0) continue;
                double left1 = n1 - i, left2 = n2 - j, left = left1 + left2;
                if (left == 0) continue;
                if (left1 > 0)
                {
                    var step = mass * left1 / left;
                    if (Math.Abs((long)(i + 1) * n2 - (long)j * n1) < gap) next[j] += step;
                    else outside += step;
                }
                if (left2 > 0)
                {
                    var step = mass * left2 / left;
                    if (j + 1 <= hi) row[j + 1] += step;
                    else outside += step;
                }
            }
            (row, next) = (next, row);
        }
        return Math.Clamp(outside, 0, 1);
    }

    // Columns j of row i inside the band: (i·n2 − gap)/n1 < j < (i·n2 + gap)/n1, clamped to [0, n2].
    private static (int Lo, int Hi) Band(int i, int n1, int n2, long gap)
    {
        var centre = (long)i * n2;
        var lo = Math.Max(0, FloorDiv(centre - gap, n1) + 1);
        var hi = Math.Min(n2, -FloorDiv(-(centre + gap), n1) - 1);
        return ((int)lo, (int)hi);
    }

    private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    private static double[] Histogram(double[] sorted, double min, double max, int bins)
    {
        var counts = new double[bins];
        var width = (max - min) / bins;
        foreach (var v in sorted)
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        return counts;
    }

    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;

    private static double[] Normalise(IReadOnlyList<double> values, string parameter)
    {
        CheckCounts(values, parameter);
        var total = values.Sum();
        if (total <= 0) throw new ArgumentException("Counts or shares must not all be zero.", parameter);
        return values.Select(v => v / total).ToArray();
    }

    private static void CheckCounts(IReadOnlyList<double> values, string parameter)
    {
        foreach (var v in values)
            if (!(v >= 0) || double.IsPositiveInfinity(v)) throw new ArgumentException("Counts and shares must be finite and non-negative.", parameter);
    }

    private static void CheckAligned(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
            throw new ArgumentException($"Reference has {reference.Count} classes but current has {current.Count}; align them by class first.", nameof(current));
        if (reference.Count == 0) throw new ArgumentException("There are no classes to compare.", nameof(reference));
    }

    private static double[] SortedSample(IReadOnlyList<double> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        if (values.Count == 0) throw new ArgumentException("The sample is empty.", parameter);
        var sorted = values.ToArray();
        foreach (var v in sorted)
            if (!double.IsFinite(v)) throw new ArgumentException("Sample values must be finite numbers.", parameter);
        Array.Sort(sorted);
        return sorted;
    }
}
