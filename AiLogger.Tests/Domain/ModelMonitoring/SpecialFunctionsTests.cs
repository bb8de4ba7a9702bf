using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class SpecialFunctionsTests
{
    // Expected values are scipy.stats.chi2.sf(x, df); the quantiles are the textbook 5% critical values, so each is
    // 0.05 to the digits given. df = 1: sf = erfc(√(x/2)). df = 2: sf = e^{−x/2} = e^{−2.9957322735} = 0.0500000000027.
    // df = 10: sf = Q(5, y) = e^{−y}(1 + y + y²/2 + y³/6 + y⁴/24) with y = x/2 = 9.153519025 → 0.0500000000507.
    [Theory]
    [InlineData(3.84145882, 1, 0.0500000000206984)]
    [InlineData(5.991464547, 2, 0.05000000000269956)]
    [InlineData(18.30703805, 10, 0.05000000005070139)]
    [InlineData(20.0, 2, 4.5399929762484854e-05)]
    public void Chi_squared_upper_tail_matches_scipy_to_1e_12(double x, int df, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.ChiSquaredSurvival(x, df), 1e-12);
    }

    [Fact]
    public void Chi_squared_upper_tail_keeps_relative_precision_far_in_the_tail()
    {
        // scipy: chi2.isf(1e-20, 2) = 2·ln(1e20) = 92.10340371976183 exactly for df = 2.
        var p = SpecialFunctions.ChiSquaredSurvival(2 * Math.Log(1e20), 2);
        Assert.Equal(1.0, p / 1e-20, 1e-12);
        Assert.Equal(1.0, SpecialFunctions.ChiSquaredSurvival(0, 3));
    }

    // scipy.special.erfc values.
    [Theory]
    [InlineData(1.0, 0.15729920705028516)]
    [InlineData(3.0, 2.2090496998585445e-05)]
    [InlineData(-1.0, 1.8427007929497148)]
    [InlineData(0.0, 1.0)]
    public void Erfc_matches_reference_values(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.Erfc(x), 1e-15);
    }

    [Fact]
    public void Erfc_is_relatively_precise_where_one_minus_erf_would_be_zero()
    {
        // erfc(6) = 2.1519736712498913e-17, below double epsilon, so 1 − erf(6) would give 0.
        Assert.Equal(1.0, SpecialFunctions.Erfc(6) / 2.1519736712498913e-17, 1e-13);
    }

    [Fact]
    public void Normal_cdf_gives_the_familiar_quantiles()
    {
        // Φ(1.959963984540054) = 0.975 and Φ(−1) = 0.15865525393145707 (scipy.stats.norm.cdf).
        Assert.Equal(0.975, SpecialFunctions.NormalCdf(1.959963984540054), 1e-14);
        Assert.Equal(0.15865525393145707, SpecialFunctions.NormalCdf(-1), 1e-14);
        Assert.Equal(0.05, SpecialFunctions.NormalTwoSidedP(1.959963984540054), 1e-14);
    }

    [Fact]
    public void Log_gamma_matches_factorials_and_half_integers()
    {
        // Γ(5) = 4! = 24; Γ(1/2) = √π; Γ(171) = 170! ≈ 7.257e306 → ln = 706.5730622457875 (scipy gammaln).
        Assert.Equal(Math.Log(24), SpecialFunctions.LogGamma(5), 1e-13);
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 1e-14);
        Assert.Equal(706.5730622457875, SpecialFunctions.LogGamma(171), 1e-10);
    }

    // scipy.stats.kstwobign.sf values; 1.0 and 1.5 use the alternating series, 0.5 the theta-function form.
    [Theory]
    [InlineData(0.5, 0.9639452436648751)]
    [InlineData(1.0, 0.26999967167735456)]
    [InlineData(1.5, 0.022217962616525127)]
    public void Kolmogorov_survival_matches_scipy(double lambda, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.KolmogorovSurvival(lambda), 1e-14);
    }
}
