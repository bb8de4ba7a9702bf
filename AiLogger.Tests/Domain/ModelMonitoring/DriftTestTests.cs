using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class DriftTestTests
{
    [Fact]
    public void Small_reference_with_two_classes_uses_the_z_test()
    {
        // Reference [40, 60] (100 items), current [55, 45]: the z-test worked in DriftStatisticsTests,
        // z = −2.123976976214366, p = 0.03367206885634577 < 0.05 → drift.
        // PSI = (0.55 − 0.4)·ln(0.55/0.4) + (0.45 − 0.6)·ln(0.45/0.6) = 0.0477681 + 0.0431523 = 0.09092037053554733 → stable.
        var r = DriftTest.ForCategorical("intent", [40, 60], [55, 45]);

        Assert.Equal("intent", r.Feature);
        Assert.Equal(DriftMethods.ZTest, r.Method);
        Assert.Equal("z-test", r.Method);
        Assert.Equal(-2.123976976214366, r.Statistic, 1e-12);
        Assert.Equal(0.03367206885634577, r.PValue!.Value, 1e-14);
        Assert.Equal(0.05, r.Threshold);
        Assert.True(r.Drifted);
        Assert.Equal(0.09092037053554733, r.Psi, 1e-12);
        Assert.Equal(PsiLevel.Stable, r.PsiLevel);
    }

    [Fact]
    public void Classes_seen_in_neither_sample_do_not_count_towards_choosing_the_test()
    {
        // Evidently counts the distinct values present: [40, 60, 0] vs [55, 45, 0] has two → z-test.
        var r = DriftTest.ForCategorical("intent", [40, 60, 0], [55, 45, 0]);

        Assert.Equal(DriftMethods.ZTest, r.Method);
        Assert.Equal(0.03367206885634577, r.PValue!.Value, 1e-14);
    }

    [Fact]
    public void Small_reference_with_three_classes_uses_chi_squared()
    {
        // Reference [300, 200, 100] (600 items) → shares [1/2, 1/3, 1/6]; current [30, 40, 30] → expected [50, 33.33, 16.67].
        // χ² = 20²/50 + 6.667²/33.33 + 13.33²/16.67 = 8 + 1.3333 + 10.6667 = 20; df = 2; p = e^{−10} = 4.5399929762484854e-05.
        var r = DriftTest.ForCategorical("label", [300, 200, 100], [30, 40, 30]);

        Assert.Equal(DriftMethods.ChiSquared, r.Method);
        Assert.Equal(20.0, r.Statistic, 1e-10);
        Assert.Equal(4.5399929762484854e-05, r.PValue!.Value, 1e-15);
        Assert.True(r.Drifted);
    }

    [Fact]
    public void Reference_of_exactly_1000_items_still_uses_a_test_and_1001_switches_to_jensen_shannon()
    {
        Assert.Equal(DriftMethods.ChiSquared, DriftTest.ForCategorical("f", [500, 300, 200], [50, 30, 20]).Method);
        Assert.Equal(DriftMethods.JensenShannon, DriftTest.ForCategorical("f", [500, 300, 201], [50, 30, 20]).Method);
    }

    [Fact]
    public void Large_reference_uses_jensen_shannon_distance_with_drift_from_0_1()
    {
        // Reference [1000, 600, 400] → [0.5, 0.3, 0.2]; current [300, 400, 300] → [0.3, 0.4, 0.3].
        // m = [0.4, 0.35, 0.25]; KL(ref‖m) = 0.5·ln1.25 + 0.3·ln(0.3/0.35) + 0.2·ln0.8 = 0.11157 − 0.04625 − 0.04463 = 0.02070
        // KL(cur‖m) = 0.3·ln0.75 + 0.4·ln(0.4/0.35) + 0.3·ln1.2 = −0.08630 + 0.05341 + 0.05470 = 0.02180
        // JS = √(½·(0.02070 + 0.02180)) = 0.14577767970191227 ≥ 0.1 → drift; no p-value.
        var r = DriftTest.ForCategorical("label", [1000, 600, 400], [300, 400, 300]);

        Assert.Equal(DriftMethods.JensenShannon, r.Method);
        Assert.Equal(0.14577767970191227, r.Statistic, 1e-12);
        Assert.Null(r.PValue);
        Assert.Equal(0.1, r.Threshold);
        Assert.True(r.Drifted);
    }

    [Fact]
    public void Keyed_counts_are_aligned_by_class_with_missing_classes_as_zero()
    {
        var reference = new Dictionary<string, long> { ["a"] = 300, ["b"] = 200, ["c"] = 100 };
        var current = new Dictionary<string, long> { ["c"] = 30, ["b"] = 40, ["a"] = 30 };

        var r = DriftTest.ForCategorical("label", reference, current);

        Assert.Equal(DriftMethods.ChiSquared, r.Method);
        Assert.Equal(20.0, r.Statistic, 1e-10);

        // Classes a, b, c, new: "new" has reference share 1e-4 → expected ≈ 10·1e-4 = 0.001 against 5 observed,
        // contributing ≈ 5²/0.001 = 25,000 to χ² — finite, and clearly drift.
        var onlyNow = DriftTest.ForCategorical("label", reference, new Dictionary<string, long> { ["a"] = 5, ["new"] = 5 });
        Assert.Equal(DriftMethods.ChiSquared, onlyNow.Method);
        Assert.InRange(onlyNow.Statistic, 20_000, 30_000);
        Assert.True(onlyNow.Drifted);
    }

    [Fact]
    public void Small_numeric_reference_uses_kolmogorov_smirnov_with_drift_at_p_up_to_0_05()
    {
        // D = 1, exact p = 2/252 = 0.0079 ≤ 0.05 → drift (see KolmogorovSmirnovTests).
        var r = DriftTest.ForNumeric("latency_ms", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);

        Assert.Equal(DriftMethods.KolmogorovSmirnov, r.Method);
        Assert.Equal("ks", r.Method);
        Assert.Equal(1.0, r.Statistic);
        Assert.Equal(2.0 / 252, r.PValue!.Value, 1e-15);
        Assert.Equal(0.05, r.Threshold);
        Assert.True(r.Drifted);
    }

    [Fact]
    public void Kolmogorov_smirnov_without_significant_difference_is_not_drift()
    {
        // p = 2/7 = 0.2857 > 0.05 (see KolmogorovSmirnovTests).
        var r = DriftTest.ForNumeric("score", [0.1, 0.2, 0.3, 0.4], [0.25, 0.35, 0.45, 0.55, 0.65]);

        Assert.Equal(DriftMethods.KolmogorovSmirnov, r.Method);
        Assert.False(r.Drifted);
    }

    [Fact]
    public void Numeric_reference_of_1000_values_uses_ks_and_1001_uses_normed_wasserstein()
    {
        var thousand = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var thousandAndOne = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();

        Assert.Equal(DriftMethods.KolmogorovSmirnov, DriftTest.ForNumeric("x", thousand, thousand).Method);
        Assert.Equal(DriftMethods.Wasserstein, DriftTest.ForNumeric("x", thousandAndOne, thousandAndOne).Method);
    }

    [Fact]
    public void Large_numeric_reference_drifts_when_normed_wasserstein_reaches_0_1()
    {
        // Reference 0..1000 (1001 values), current = reference + 50 → W = 50.
        // Population variance of 0..N−1 is (N² − 1)/12 = (1001² − 1)/12 = 83500, std = 288.9636655359978.
        // Normed = 50/288.9636655359978 = 0.1730321350514957 ≥ 0.1 → drift; a shift of 20 gives 0.0692 → no drift.
        var reference = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();

        var shifted50 = DriftTest.ForNumeric("tokens", reference, reference.Select(x => x + 50).ToArray());
        var shifted20 = DriftTest.ForNumeric("tokens", reference, reference.Select(x => x + 20).ToArray());

        Assert.Equal(DriftMethods.Wasserstein, shifted50.Method);
        Assert.Equal(0.1730321350514957, shifted50.Statistic, 1e-12);
        Assert.Null(shifted50.PValue);
        Assert.True(shifted50.Drifted);
        Assert.Equal(20 / 288.9636655359978, shifted20.Statistic, 1e-12);
        Assert.False(shifted20.Drifted);
    }

    [Fact]
    public void A_custom_threshold_replaces_the_default()
    {
        // p = 0.0337: drift at 0.05, not at 0.01.
        var r = DriftTest.ForCategorical("intent", [40, 60], [55, 45], threshold: 0.01);

        Assert.Equal(0.01, r.Threshold);
        Assert.False(r.Drifted);
    }

    [Fact]
    public void Empty_samples_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DriftTest.ForCategorical("f", [0, 0], [1, 2]));
        Assert.Throws<ArgumentException>(() => DriftTest.ForCategorical("f", [1, 2], [0, 0]));
        Assert.Throws<ArgumentException>(() => DriftTest.ForNumeric("f", [], [1.0]));
    }
}
