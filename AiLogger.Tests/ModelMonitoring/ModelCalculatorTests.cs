using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>The pure parts behind the API: pooling daily counts, labels, drift chart bins.</summary>
public sealed class ModelCalculatorTests
{
    private static readonly DateOnly D1 = new(2026, 10, 1);

    private static DailyCount Row(DateOnly day, string predicted, string? actual, long count, double confidenceSum = 0, long confidences = 0) =>
        new() { Day = day, Predicted = predicted, Actual = actual, Count = count, ConfidenceSum = confidenceSum, ConfidenceCount = confidences };

    [Fact]
    public void Window_pools_rows_of_several_days_into_one_matrix_equal_to_confusion_matrix_pool()
    {
        DailyCount[] rows = [Row(D1, "a", "a", 3), Row(D1, "b", "a", 1), Row(D1.AddDays(1), "b", "b", 2), Row(D1.AddDays(1), "a", "b", 2), Row(D1.AddDays(1), "a", null, 5)];

        var m = ModelMetricsCalculator.Window("m", default, default, ["a", "b"], rows, null);

        var pooled = ConfusionMatrix.Pool([
            new ConfusionMatrix(["a", "b"], new long[,] { { 3, 1 }, { 0, 0 } }),
            new ConfusionMatrix(["a", "b"], new long[,] { { 0, 0 }, { 2, 2 } })]);
        Assert.Equal(ClassificationMetrics.From(pooled), m.Classification, new MetricsComparer());
        Assert.Equal(13, m.Predictions);
        Assert.Equal(8, m.Validated);
        Assert.Equal(10, m.PerClass[0].Predictions);
    }

    [Fact]
    public void Labels_are_the_declared_classes_then_the_others_in_ordinal_order()
    {
        var labels = ModelMetricsCalculator.Labels(["zebra", "ant"], [Row(D1, "moth", "bee", 1), Row(D1, "ant", "Cat", 1)]);

        Assert.Equal(["zebra", "ant", "Cat", "bee", "moth"], labels);
    }

    [Fact]
    public void Estimated_accuracy_from_daily_sums_is_the_mean_of_all_confidences()
    {
        double[] day1 = [0.9, 0.8, 0.3];
        double[] day2 = [0.6];
        DailyCount[] rows = [Row(D1, "a", null, 3, day1.Sum(), 3), Row(D1.AddDays(1), "a", null, 2, day2.Sum(), 1)];

        var m = ModelMetricsCalculator.Window("m", default, default, [], rows, null);

        Assert.Equal(EstimatedAccuracy.From(day1.Concat(day2))!.Value, m.EstimatedAccuracy!.Value, 15);
        Assert.NotEqual((day1.Average() + day2.Average()) / 2, m.EstimatedAccuracy!.Value, 6);
    }

    [Fact]
    public void Numeric_bins_match_the_psi_bins_and_count_every_value()
    {
        double[] reference = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] current = [8, 9, 10, 10];

        var bins = DriftDistributions.Numeric(reference, current);

        Assert.Equal(10, bins.Count);
        Assert.Equal(0, bins[0].Lower);
        Assert.Equal(10, bins[^1].Upper);
        Assert.Equal(reference.Length, bins.Sum(b => b.Reference));
        Assert.Equal(3, bins[^1].Current);
        Assert.Equal("[9, 10]", bins[^1].Label);
        Assert.Equal(1.0, bins.Sum(b => b.CurrentShare), 12);
        Assert.Single(DriftDistributions.Numeric([2, 2], [2]));
    }

    private sealed class MetricsComparer : IEqualityComparer<ClassificationMetrics?>
    {
        public bool Equals(ClassificationMetrics? x, ClassificationMetrics? y) =>
            x is not null && y is not null && x.Accuracy == y.Accuracy && x.Precision == y.Precision && x.Recall == y.Recall && x.F1 == y.F1
            && x.PerClass.SequenceEqual(y.PerClass);

        public int GetHashCode(ClassificationMetrics? obj) => 0;
    }
}
