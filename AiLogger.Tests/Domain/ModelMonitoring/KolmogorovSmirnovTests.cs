using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class KolmogorovSmirnovTests
{
    [Fact]
    public void Fully_separated_samples_of_five_have_d_one_and_exact_p_two_over_252()
    {
        // Every reference value is below every current value, so the ECDFs differ by 1 at x = 5.
        // Under the null all C(10, 5) = 252 interleavings are equally likely; only "all reference first" and
        // "all current first" reach D = 1, so p = 2/252 = 0.007936507936507936 (scipy ks_2samp, method='exact').
        var r = DriftStatistics.KolmogorovSmirnov([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);

        Assert.Equal(1.0, r.Statistic);
        Assert.Equal(2.0 / 252, r.PValue, 1e-15);
        Assert.True(r.Exact);
    }

    [Fact]
    public void Unequal_sizes_give_the_exact_lattice_path_p_value()
    {
        // Reference (n₁ = 4): 0.1 0.2 0.3 0.4; current (n₂ = 5): 0.25 0.35 0.45 0.55 0.65.
        // ECDF gaps F_ref − F_cur after each pooled value:
        //   0.1: 1/4 − 0 = 0.25, 0.2: 0.5, 0.25: 0.5 − 0.2 = 0.3, 0.3: 0.55, 0.35: 0.35, 0.4: 1 − 0.4 = 0.6, then 0.4, 0.2, 0.
        // D = 0.6 = 12/20. A path point (i, j) (i reference and j current values so far) is at gap |5i − 4j|/20,
        // so p is the share of the C(9, 4) = 126 paths that touch |5i − 4j| ≥ 12:
        //   A = {(3,0), (4,0), (4,1), (4,2)} (5i − 4j = 15, 20, 16, 12): first reaching i = 4 at j = 0, 1, 2 takes
        //       C(3,3) + C(4,3) + C(5,3) = 1 + 4 + 10 = 15 paths; through (3,0) but reaching i = 4 only after j ≥ 3:
        //       the last reference value is 4th–6th of the remaining 6 → 3 paths. A: 18.
        //   B = {(0,3), (0,4), (0,5), (1,5)} (4j − 5i = 12, 16, 20, 15): starting with three current values leaves
        //       C(6, 2) = 15 orders; reaching (1, 5) without (0, 3): the first reference value in position 1–3 → 3. B: 18.
        //   A and B exclude each other (A needs i ≥ 3 while j ≤ 2, B needs i ≤ 1 once j ≥ 3).
        // p = 36/126 = 2/7 = 0.2857142857142857 (scipy ks_2samp, method='exact').
        var r = DriftStatistics.KolmogorovSmirnov([0.1, 0.2, 0.3, 0.4], [0.25, 0.35, 0.45, 0.55, 0.65]);

        Assert.Equal(0.6, r.Statistic, 1e-15);
        Assert.Equal(2.0 / 7, r.PValue, 1e-15);
        Assert.True(r.Exact);
    }

    [Fact]
    public void Ties_are_handled_like_scipy()
    {
        // Pooled values 1, 2, 3, 4: F_ref = 2/5, 4/5, 1, 1; F_cur = 0, 1/6, 1/2, 1 → D = 4/5 − 1/6 = 19/30.
        // scipy ks_2samp([1,1,2,2,3], [2,3,3,4,4,4], method='exact') → p = 0.17748917748917747 (82/462).
        var r = DriftStatistics.KolmogorovSmirnov([1, 1, 2, 2, 3], [2, 3, 3, 4, 4, 4]);

        Assert.Equal(19.0 / 30, r.Statistic, 1e-15);
        Assert.Equal(0.17748917748917747, r.PValue, 1e-14);
    }

    [Fact]
    public void Equal_sizes_of_one_hundred_match_scipy_exact()
    {
        // Reference 0..99, current 10.5..109.5: D = 11/100 at x = 10; scipy (exact, n₁ = n₂) → 0.5830090612540064.
        var reference = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var current = reference.Select(x => x + 10.5).ToArray();

        var r = DriftStatistics.KolmogorovSmirnov(reference, current);

        Assert.Equal(0.11, r.Statistic, 1e-15);
        Assert.Equal(0.5830090612540064, r.PValue, 1e-13);
    }

    [Fact]
    public void Identical_samples_have_d_zero_and_p_one()
    {
        var r = DriftStatistics.KolmogorovSmirnov([1, 2, 3], [3, 2, 1]);

        Assert.Equal(0.0, r.Statistic);
        Assert.Equal(1.0, r.PValue);
    }

    [Fact]
    public void Samples_over_ten_thousand_use_the_asymptotic_kolmogorov_distribution()
    {
        // Reference 0..10999, current shifted by 100.5: D = 101/11000 = 0.009181818…; en = 11000²/22000 = 5500.
        // λ = (√5500 + 0.12 + 0.11/√5500)·D = (74.16198 + 0.12 + 0.00148)·0.0091818 = 0.6820572981069145,
        // Q_KS(λ) = scipy.stats.kstwobign.sf(λ) = 0.7408598856178392 (scipy's own kstwo.sf(D, 5500) gives 0.7390).
        var reference = Enumerable.Range(0, 11_000).Select(i => (double)i).ToArray();
        var current = reference.Select(x => x + 100.5).ToArray();

        var r = DriftStatistics.KolmogorovSmirnov(reference, current);

        Assert.False(r.Exact);
        Assert.Equal(101.0 / 11_000, r.Statistic, 1e-15);
        Assert.Equal(0.7408598856178392, r.PValue, 1e-12);
    }
}
