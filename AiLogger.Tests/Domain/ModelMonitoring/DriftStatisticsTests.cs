using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class DriftStatisticsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Chi_squared_goodness_of_fit_uses_reference_shares_times_current_total()
    {
        // Reference [50, 30, 20] → shares [0.5, 0.3, 0.2]; current [30, 40, 30], total 100 → expected [50, 30, 20].
        // χ² = (30−50)²/50 + (40−30)²/30 + (30−20)²/20 = 400/50 + 100/30 + 100/20 = 8 + 3.3333 + 5 = 16.3333…
        // df = 3 − 1 = 2, p = e^{−χ²/2} = e^{−8.16667} = 0.0002839629839032563 (scipy.stats.chisquare).
        var r = DriftStatistics.ChiSquaredGoodnessOfFit([50, 30, 20], [30, 40, 30]);

        Assert.Equal(16.0 + 1.0 / 3, r.Statistic, 1e-10);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(0.0002839629839032563, r.PValue, 1e-15);
    }

    [Fact]
    public void Chi_squared_gives_a_class_unseen_in_the_reference_a_tiny_share_instead_of_an_infinite_statistic()
    {
        // Reference [60, 40, 0] → shares [0.6, 0.4, 1e-4] / 1.0001; current [50, 40, 10] (total 100)
        // → expected [59.99400059994, 39.99600039996, 0.009999000099990002].
        // χ² = 9.994²/59.994 + 0.004²/39.996 + 9.990001²/0.009999 = 1.66484 + 0.0000004 + 9981.00999 = 9982.67483333333
        // (scipy.stats.chisquare with those expected counts); p underflows to 0.
        var r = DriftStatistics.ChiSquaredGoodnessOfFit([60, 40, 0], [50, 40, 10]);

        Assert.Equal(9982.67483333333, r.Statistic, 1e-6);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.True(r.PValue < 1e-300);
    }

    [Fact]
    public void Chi_squared_ignores_classes_absent_from_both_samples()
    {
        var withGhost = DriftStatistics.ChiSquaredGoodnessOfFit([50, 0, 30, 20], [30, 0, 40, 30]);

        Assert.Equal(2, withGhost.DegreesOfFreedom);
        Assert.Equal(0.0002839629839032563, withGhost.PValue, 1e-15);
    }

    [Fact]
    public void Two_proportion_z_test_uses_the_pooled_proportion()
    {
        // p_ref = 40/100 = 0.40, p_cur = 55/100 = 0.55, pooled P = 95/200 = 0.475.
        // SE = √(0.475·0.525·(1/100 + 1/100)) = √0.0049875 = 0.07062223445912767.
        // z = (0.40 − 0.55)/0.0706222 = −2.123976976214366; p = 2·(1 − Φ(2.12398)) = 0.03367206885634577.
        var r = DriftStatistics.TwoProportionZTest(40, 100, 55, 100);

        Assert.Equal(0.475, r.PooledProportion, Tolerance);
        Assert.Equal(-2.123976976214366, r.Statistic, Tolerance);
        Assert.Equal(0.03367206885634577, r.PValue, 1e-14);
    }

    [Fact]
    public void Z_test_of_two_samples_that_are_all_one_outcome_is_no_evidence_of_drift()
    {
        var r = DriftStatistics.TwoProportionZTest(100, 100, 30, 30);

        Assert.Equal(0, r.Statistic);
        Assert.Equal(1, r.PValue);
    }

    [Fact]
    public void Jensen_shannon_distance_of_disjoint_distributions_is_root_ln_2()
    {
        // m = [0.5, 0.5]; KL(p‖m) = 1·ln(1/0.5) = ln 2, KL(q‖m) = ln 2; √(½ln2 + ½ln2) = √ln 2 = 0.8325546111576977.
        Assert.Equal(0.8325546111576977, DriftStatistics.JensenShannonDistance([1, 0], [0, 1]), Tolerance);
    }

    [Fact]
    public void Jensen_shannon_distance_uses_the_natural_log()
    {
        // p = [0.5, 0.5], q = [0.9, 0.1], m = [0.7, 0.3].
        // KL(p‖m) = 0.5·ln(0.5/0.7) + 0.5·ln(0.5/0.3) = −0.16823612 + 0.25541281 = 0.08717669357238891
        // KL(q‖m) = 0.9·ln(0.9/0.7) + 0.1·ln(0.1/0.3) =  0.22618299 − 0.10986123 = 0.1163217565860046
        // JS = √(½·(0.08717669 + 0.11632176)) = √0.10174922 = 0.31898154347735663 (scipy jensenshannon, base e).
        Assert.Equal(0.31898154347735663, DriftStatistics.JensenShannonDistance([0.5, 0.5], [0.9, 0.1]), Tolerance);
    }

    [Fact]
    public void Jensen_shannon_distance_normalises_counts()
    {
        // Counts [5, 5] and [90, 10] are the shares of the previous example.
        Assert.Equal(0.31898154347735663, DriftStatistics.JensenShannonDistance([5, 5], [90, 10]), Tolerance);
        Assert.Equal(0.0, DriftStatistics.JensenShannonDistance([1, 2, 3], [10, 20, 30]), 1e-8);
    }

    [Fact]
    public void Wasserstein_distance_of_a_shifted_sample_is_the_shift_and_normed_divides_by_population_std()
    {
        // Current = reference + 1, so the distance is 1.
        // np.std([0, 2, 4]) (ddof = 0) = √(((−2)² + 0² + 2²)/3) = √(8/3) = 1.632993161855452.
        // Normed = 1/1.632993161855452 = 0.6123724356957945.
        Assert.Equal(1.0, DriftStatistics.WassersteinDistance([0, 2, 4], [1, 3, 5]), Tolerance);
        Assert.Equal(1.632993161855452, DriftStatistics.PopulationStandardDeviation([0, 2, 4]), Tolerance);
        Assert.Equal(0.6123724356957945, DriftStatistics.NormedWasserstein([0, 2, 4], [1, 3, 5]), Tolerance);
    }

    [Fact]
    public void Wasserstein_distance_integrates_the_gap_between_empirical_cdfs_of_unequal_samples()
    {
        // u = [0, 1], v = [0, 0, 3]. On [0, 1): F_u = 1/2, F_v = 2/3 → 1/6 × 1. On [1, 3): F_u = 1, F_v = 2/3 → 1/3 × 2.
        // Distance = 1/6 + 2/3 = 5/6 = 0.8333… (scipy.stats.wasserstein_distance).
        Assert.Equal(5.0 / 6, DriftStatistics.WassersteinDistance([0, 1], [0, 0, 3]), Tolerance);
    }

    [Fact]
    public void Normed_wasserstein_of_a_constant_reference_divides_by_the_0_001_floor()
    {
        // W([5, 5, 5], [5, 5, 6]) = |1 − 2/3| × (6 − 5) = 1/3; std = 0 → norm = max(0, 0.001) → 333.33…
        Assert.Equal(1.0 / 3 / 0.001, DriftStatistics.NormedWasserstein([5, 5, 5], [5, 5, 6]), 1e-9);
    }

    [Fact]
    public void Psi_substitutes_0_0001_for_an_empty_class()
    {
        // Reference [50, 30, 20] → [0.5, 0.3, 0.2]; current [40, 60, 0] → [0.4, 0.6, 0 → 0.0001].
        // (0.4 − 0.5)·ln(0.4/0.5)       = 0.022314355131420965
        // (0.6 − 0.3)·ln(0.6/0.3)       = 0.2079441541679836
        // (0.0001 − 0.2)·ln(0.0001/0.2) = 1.5194204016624624
        // PSI = 1.749678910961867 → major.
        var psi = DriftStatistics.PopulationStabilityIndex([50, 30, 20], [40, 60, 0]);

        Assert.Equal(1.749678910961867, psi, Tolerance);
        Assert.Equal(PsiLevel.Major, DriftStatistics.ClassifyPsi(psi));
    }

    [Fact]
    public void Numeric_psi_uses_ten_equal_width_bins_over_both_samples_with_empty_bins_at_0_0001()
    {
        // Reference 0, 1, …, 9; current five 0s and five 9s. Combined range [0, 9], bin width 0.9:
        // reference puts one value in each bin → 0.1 each; current has 0.5 in the first and last bins, 0 → 0.0001 elsewhere.
        // PSI = 2·(0.5 − 0.1)·ln(0.5/0.1) + 8·(0.0001 − 0.1)·ln(0.0001/0.1)
        //     = 0.8·ln 5 + 8·0.0999·ln 1000 = 1.2875503 + 5.5206780 = 6.808228348909804 (numpy histogram, same edges).
        double[] reference = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] current = [0, 0, 0, 0, 0, 9, 9, 9, 9, 9];

        Assert.Equal(6.808228348909804, DriftStatistics.NumericPopulationStabilityIndex(reference, current), 1e-11);
        Assert.Equal(0.0, DriftStatistics.NumericPopulationStabilityIndex(reference, reference), Tolerance);
        Assert.Equal(0.0, DriftStatistics.NumericPopulationStabilityIndex([3, 3], [3]));
    }

    [Theory]
    [InlineData(0.0, PsiLevel.Stable)]
    [InlineData(0.0999, PsiLevel.Stable)]
    [InlineData(0.1, PsiLevel.Moderate)]
    [InlineData(0.2499, PsiLevel.Moderate)]
    [InlineData(0.25, PsiLevel.Major)]
    public void Psi_levels_are_stable_below_0_1_and_major_from_0_25(double psi, PsiLevel expected)
    {
        Assert.Equal(expected, DriftStatistics.ClassifyPsi(psi));
    }

    [Fact]
    public void Misaligned_or_empty_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DriftStatistics.JensenShannonDistance([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => DriftStatistics.PopulationStabilityIndex([0, 0], [1, 2]));
        Assert.Throws<ArgumentException>(() => DriftStatistics.ChiSquaredGoodnessOfFit([1, -1], [1, 2]));
        Assert.Throws<ArgumentException>(() => DriftStatistics.KolmogorovSmirnov([], [1.0]));
        Assert.Throws<ArgumentException>(() => DriftStatistics.WassersteinDistance([double.NaN], [1.0]));
    }
}
