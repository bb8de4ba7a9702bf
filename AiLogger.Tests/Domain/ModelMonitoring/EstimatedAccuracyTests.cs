using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class EstimatedAccuracyTests
{
    [Fact]
    public void Estimated_accuracy_is_the_mean_confidence_of_the_predicted_class()
    {
        // (0.9 + 0.8 + 0.6 + 0.7)/4 = 3.0/4 = 0.75
        Assert.Equal(0.75, EstimatedAccuracy.From([0.9, 0.8, 0.6, 0.7])!.Value, 1e-12);
    }

    [Fact]
    public void Estimated_accuracy_is_null_without_confidences_and_skips_nan()
    {
        Assert.Null(EstimatedAccuracy.From([]));
        Assert.Null(EstimatedAccuracy.From([double.NaN]));
        Assert.Equal(0.5, EstimatedAccuracy.From([0.4, double.NaN, 0.6])!.Value, 1e-12);
    }

    [Fact]
    public void Confidence_outside_zero_to_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EstimatedAccuracy.From([0.5, 1.5]));
    }
}
