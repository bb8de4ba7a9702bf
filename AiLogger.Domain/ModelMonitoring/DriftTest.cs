namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Picks a drift test the way Evidently's default <c>get_stattest</c> does and runs it, with PSI alongside.
/// <list type="bullet">
/// <item>Categorical, reference of at most 1,000 items: at most two classes seen → two-proportion z-test, more →
/// chi-squared goodness of fit; drift when p &lt; 0.05.</item>
/// <item>Categorical, larger reference: Jensen–Shannon distance; drift when ≥ 0.1.</item>
/// <item>Numeric, reference of at most 1,000 values: two-sample Kolmogorov–Smirnov; drift when p ≤ 0.05.</item>
/// <item>Numeric, larger reference: normed Wasserstein distance; drift when ≥ 0.1.</item>
/// </list>
/// Evidently also sends a numeric column with at most five distinct values to the categorical tests; that is left
/// to the caller, who knows whether a column is categorical.
/// </summary>
public static class DriftTest
{
    /// <summary>Reference size up to which the statistical tests are used rather than distances.</summary>
    public const int SmallReferenceLimit = 1000;

    public const double PValueThreshold = 0.05;
    public const double DistanceThreshold = 0.1;

    /// <summary>
    /// Drift of a categorical feature from per-class counts aligned by index. <paramref name="threshold"/>
    /// overrides the method's default (a p-value or a distance, depending on the method chosen).
    /// </summary>
    /// <exception cref="ArgumentException">Either sample is empty, or the counts are not aligned.</exception>
    public static DriftResult ForCategorical(
        string feature, IReadOnlyList<long> referenceCounts, IReadOnlyList<long> currentCounts, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        if (referenceCounts.Count != currentCounts.Count)
            throw new ArgumentException($"Reference has {referenceCounts.Count} classes but current has {currentCounts.Count}; align them by class first.", nameof(currentCounts));
        if (referenceCounts.Concat(currentCounts).Any(c => c < 0))
            throw new ArgumentException("Counts must not be negative.", nameof(referenceCounts));
        var referenceTotal = referenceCounts.Sum();
        var currentTotal = currentCounts.Sum();
        if (referenceTotal == 0) throw new ArgumentException("The reference has no items.", nameof(referenceCounts));
        if (currentTotal == 0) throw new ArgumentException("The current sample has no items.", nameof(currentCounts));

        var reference = referenceCounts.Select(c => (double)c).ToArray();
        var current = currentCounts.Select(c => (double)c).ToArray();
        var psi = DriftStatistics.PopulationStabilityIndex(reference, current);
        var classesSeen = Enumerable.Range(0, reference.Length).Where(i => referenceCounts[i] + currentCounts[i] > 0).ToArray();

        if (referenceTotal > SmallReferenceLimit)
        {
            var distance = DriftStatistics.JensenShannonDistance(reference, current);
            var limit = threshold ?? DistanceThreshold;
            return Result(feature, DriftMethods.JensenShannon, distance, null, limit, distance >= limit, psi);
        }

        var alpha = threshold ?? PValueThreshold;
        if (classesSeen.Length <= 2)
        {
            // Success = the first class seen; the two-sided p-value is the same whichever class is chosen.
            var first = classesSeen[0];
            var z = DriftStatistics.TwoProportionZTest(referenceCounts[first], referenceTotal, currentCounts[first], currentTotal);
            return Result(feature, DriftMethods.ZTest, z.Statistic, z.PValue, alpha, z.PValue < alpha, psi);
        }
        var chi = DriftStatistics.ChiSquaredGoodnessOfFit(reference, current);
        return Result(feature, DriftMethods.ChiSquared, chi.Statistic, chi.PValue, alpha, chi.PValue < alpha, psi);
    }

    /// <summary>Drift of a categorical feature from per-class counts keyed by class; classes missing on one side count 0.</summary>
    public static DriftResult ForCategorical(
        string feature, IReadOnlyDictionary<string, long> referenceCounts, IReadOnlyDictionary<string, long> currentCounts, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        var classes = referenceCounts.Keys.Union(currentCounts.Keys, StringComparer.Ordinal).ToArray();
        return ForCategorical(
            feature,
            classes.Select(c => referenceCounts.GetValueOrDefault(c)).ToArray(),
            classes.Select(c => currentCounts.GetValueOrDefault(c)).ToArray(),
            threshold);
    }

    /// <summary>
    /// Drift of a numeric feature from raw values. PSI uses <see cref="DriftStatistics.DefaultPsiBins"/> equal-width bins.
    /// </summary>
    /// <exception cref="ArgumentException">Either sample is empty or holds a non-finite value.</exception>
    public static DriftResult ForNumeric(
        string feature, IReadOnlyList<double> reference, IReadOnlyList<double> current, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var psi = DriftStatistics.NumericPopulationStabilityIndex(reference, current);

        if (reference.Count > SmallReferenceLimit)
        {
            var distance = DriftStatistics.NormedWasserstein(reference, current);
            var limit = threshold ?? DistanceThreshold;
            return Result(feature, DriftMethods.Wasserstein, distance, null, limit, distance >= limit, psi);
        }

        var alpha = threshold ?? PValueThreshold;
        var ks = DriftStatistics.KolmogorovSmirnov(reference, current);
        return Result(feature, DriftMethods.KolmogorovSmirnov, ks.Statistic, ks.PValue, alpha, ks.PValue <= alpha, psi);
    }

    private static DriftResult Result(
        string feature, string method, double statistic, double? pValue, double threshold, bool drifted, double psi) => new()
    {
        Feature = feature,
        Method = method,
        Statistic = statistic,
        PValue = pValue,
        Threshold = threshold,
        Drifted = drifted,
        Psi = psi,
        PsiLevel = DriftStatistics.ClassifyPsi(psi),
    };
}
