using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class ClassificationMetricsTests
{
    private const double Tolerance = 1e-12;

    // Rows actual, columns predicted:
    //            cat dog bird | support
    //   cat       5   2   1   |   8
    //   dog       1   3   0   |   4
    //   bird      2   1   4   |   7
    //   predicted 8   6   5   |  19, trace 12
    private static readonly ConfusionMatrix ThreeClasses =
        new(["cat", "dog", "bird"], new long[,] { { 5, 2, 1 }, { 1, 3, 0 }, { 2, 1, 4 } });

    [Fact]
    public void Per_class_precision_recall_and_f1_follow_the_confusion_matrix()
    {
        var m = ClassificationMetrics.From(ThreeClasses);

        // cat:  P = 5/8 = 0.625, R = 5/8 = 0.625,   F1 = 2·5/(2·5 + 3 + 3) = 10/16 = 0.625
        // dog:  P = 3/6 = 0.5,   R = 3/4 = 0.75,    F1 = 2·3/(2·3 + 3 + 1) = 6/10  = 0.6
        // bird: P = 4/5 = 0.8,   R = 4/7 = 0.5714…, F1 = 2·4/(2·4 + 1 + 3) = 8/12  = 0.6667
        Assert.Equal(["cat", "dog", "bird"], m.PerClass.Select(c => c.Class));
        AssertClass(m.PerClass[0], 5.0 / 8, 5.0 / 8, 10.0 / 16, support: 8, predicted: 8);
        AssertClass(m.PerClass[1], 3.0 / 6, 3.0 / 4, 6.0 / 10, support: 4, predicted: 6);
        AssertClass(m.PerClass[2], 4.0 / 5, 4.0 / 7, 8.0 / 12, support: 7, predicted: 5);
    }

    [Fact]
    public void Macro_micro_and_weighted_averages_match_scikit_learn()
    {
        var m = ClassificationMetrics.From(ThreeClasses);

        // Accuracy = trace/total = 12/19 = 0.631578947368421.
        Assert.Equal(12.0 / 19, m.Accuracy, Tolerance);
        // Macro: plain means over the three classes.
        //   P  = (0.625 + 0.5 + 0.8)/3           = 1.925/3     = 0.6416666666666667
        //   R  = (0.625 + 0.75 + 4/7)/3          = 1.94643…/3  = 0.6488095238095238
        //   F1 = (0.625 + 0.6 + 2/3)/3           = 1.89167…/3  = 0.6305555555555555
        Assert.Equal(0.6416666666666667, m.Precision.Macro, Tolerance);
        Assert.Equal(0.6488095238095238, m.Recall.Macro, Tolerance);
        Assert.Equal(0.6305555555555555, m.F1.Macro, Tolerance);
        // Micro: pooled TP = 12, FP = FN = 19 − 12 = 7, so P = R = F1 = 12/19 = accuracy.
        Assert.Equal(12.0 / 19, m.Precision.Micro, Tolerance);
        Assert.Equal(12.0 / 19, m.Recall.Micro, Tolerance);
        Assert.Equal(12.0 / 19, m.F1.Micro, Tolerance);
        // Weighted by support 8, 4, 7:
        //   P  = (8·0.625 + 4·0.5 + 7·0.8)/19   = (5 + 2 + 5.6)/19      = 12.6/19 = 0.6631578947368422
        //   R  = (8·5/8 + 4·3/4 + 7·4/7)/19     = (5 + 3 + 4)/19        = 12/19 (always equals accuracy)
        //   F1 = (8·0.625 + 4·0.6 + 7·2/3)/19   = (5 + 2.4 + 4.6667)/19 = 0.6350877192982456
        Assert.Equal(0.6631578947368422, m.Precision.Weighted, Tolerance);
        Assert.Equal(12.0 / 19, m.Recall.Weighted, Tolerance);
        Assert.Equal(0.6350877192982456, m.F1.Weighted, Tolerance);
        Assert.Equal(19, m.Total);
    }

    [Fact]
    public void Scikit_learn_documentation_example_gives_the_documented_averages()
    {
        // precision_recall_fscore_support docs: y_true = [cat, dog, pig, cat, dog, pig],
        // y_pred = [cat, pig, dog, cat, cat, dog] → macro (0.22, 0.33, 0.26…), micro (0.33, 0.33, 0.33).
        // cat: TP 2, FP 1 → P 2/3, R 1, F1 4/5; dog and pig: TP 0 → 0, 0, 0.
        // Macro P = (2/3)/3 = 2/9, R = 1/3, F1 = (4/5)/3 = 4/15. Supports are equal, so weighted = macro.
        var m = ClassificationMetrics.From(ConfusionMatrix.FromPredictions(
            ["cat", "dog", "pig", "cat", "dog", "pig"],
            ["cat", "pig", "dog", "cat", "cat", "dog"]));

        Assert.Equal(2.0 / 9, m.Precision.Macro, Tolerance);
        Assert.Equal(1.0 / 3, m.Recall.Macro, Tolerance);
        Assert.Equal(4.0 / 15, m.F1.Macro, Tolerance);
        Assert.Equal(1.0 / 3, m.F1.Micro, Tolerance);
        Assert.Equal(2.0 / 9, m.Precision.Weighted, Tolerance);
        Assert.Equal(4.0 / 15, m.F1.Weighted, Tolerance);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero_not_nan_and_still_counts_in_the_macro_mean()
    {
        //            cat dog bird | support
        //   cat       3   1   0   |   4
        //   dog       1   2   0   |   3
        //   bird      1   1   0   |   2
        //   predicted 5   4   0   |   9
        // bird: TP = 0, TP + FP = 0 → P = 0/0 → 0 (zero_division=0); R = 0/2 = 0; F1 = 0/(0 + 0 + 2) = 0.
        var m = ClassificationMetrics.From(new ConfusionMatrix(
            ["cat", "dog", "bird"], new long[,] { { 3, 1, 0 }, { 1, 2, 0 }, { 1, 1, 0 } }));

        var bird = m.PerClass[2];
        Assert.Equal(0, bird.Predicted);
        Assert.Equal(0.0, bird.Precision);
        Assert.Equal(0.0, bird.Recall);
        Assert.Equal(0.0, bird.F1);
        // Macro P = (3/5 + 2/4 + 0)/3 = 1.1/3 = 0.36666… (not 1.1/2 = 0.55, which dropping bird would give).
        // Macro R = (3/4 + 2/3 + 0)/3 = 0.47222…; macro F1 = (6/9 + 4/7 + 0)/3 = 26/63 = 0.41269841269841273.
        Assert.Equal(1.1 / 3, m.Precision.Macro, Tolerance);
        Assert.Equal(0.47222222222222215, m.Recall.Macro, Tolerance);
        Assert.Equal(26.0 / 63, m.F1.Macro, Tolerance);
        // Weighted P = (4·0.6 + 3·0.5 + 2·0)/9 = 3.9/9 = 0.43333…; accuracy = 5/9.
        Assert.Equal(3.9 / 9, m.Precision.Weighted, Tolerance);
        Assert.Equal(5.0 / 9, m.Accuracy, Tolerance);
        Assert.DoesNotContain(m.PerClass, c => double.IsNaN(c.Precision) || double.IsNaN(c.Recall) || double.IsNaN(c.F1));
    }

    [Fact]
    public void A_label_with_no_items_at_all_scores_zero_and_pulls_the_macro_mean_down()
    {
        // scikit-learn with labels=[a, b, ghost]: ghost has no support and no predictions, all its ratios are 0/0 → 0.
        var m = ClassificationMetrics.From(new ConfusionMatrix(
            ["a", "b", "ghost"], new long[,] { { 2, 0, 0 }, { 0, 2, 0 }, { 0, 0, 0 } }));

        Assert.Equal(1.0, m.Accuracy);
        Assert.Equal(2.0 / 3, m.F1.Macro, Tolerance);
        Assert.Equal(1.0, m.F1.Weighted, Tolerance);
        Assert.Equal(1.0, m.F1.Micro, Tolerance);
    }

    [Fact]
    public void Macro_f1_is_the_mean_of_per_class_f1_not_f1_of_macro_means()
    {
        //          a   b
        //   a      1   9     a: TP 1, FP 0, FN 9  → P = 1,         R = 0.1, F1 = 2/(2 + 0 + 9)   = 2/11    = 0.1818…
        //   b      0  90     b: TP 90, FP 9, FN 0 → P = 90/99,     R = 1,   F1 = 180/(180 + 9)   = 180/189 = 0.9524…
        // Macro P = (1 + 0.90909)/2 = 0.954545…, macro R = (0.1 + 1)/2 = 0.55.
        // Macro F1 = (0.181818 + 0.952381)/2 = 0.5670995670995671,
        // whereas 2·P·R/(P + R) = 2·0.954545·0.55/1.504545 = 0.6978851963746223.
        var m = ClassificationMetrics.From(new ConfusionMatrix(["a", "b"], new long[,] { { 1, 9 }, { 0, 90 } }));

        Assert.Equal(0.9545454545454546, m.Precision.Macro, Tolerance);
        Assert.Equal(0.55, m.Recall.Macro, Tolerance);
        Assert.Equal(0.5670995670995671, m.F1.Macro, Tolerance);
        var f1OfMacroMeans = 2 * m.Precision.Macro * m.Recall.Macro / (m.Precision.Macro + m.Recall.Macro);
        Assert.Equal(0.6978851963746223, f1OfMacroMeans, Tolerance);
        Assert.True(Math.Abs(f1OfMacroMeans - m.F1.Macro) > 0.1);
    }

    [Fact]
    public void Pooled_window_accuracy_is_not_the_mean_of_daily_accuracies_and_pool_gives_the_pooled_one()
    {
        // Day 1: 10 items, 9 correct → 0.9. Day 2: 90 items, 45 correct → 0.5.
        // Mean of daily accuracies = (0.9 + 0.5)/2 = 0.7; pooled = (9 + 45)/(10 + 90) = 54/100 = 0.54.
        var day1 = new ConfusionMatrix(["cat", "dog"], new long[,] { { 5, 1 }, { 0, 4 } });
        var day2 = new ConfusionMatrix(["dog", "bird"], new long[,] { { 30, 20 }, { 25, 15 } });
        var daily = new[] { ClassificationMetrics.From(day1).Accuracy, ClassificationMetrics.From(day2).Accuracy };
        Assert.Equal(0.9, daily[0], Tolerance);
        Assert.Equal(0.5, daily[1], Tolerance);

        var pooled = ClassificationMetrics.From(ConfusionMatrix.Pool([day1, day2]));

        Assert.Equal(0.54, pooled.Accuracy, Tolerance);
        Assert.Equal(0.7, daily.Average(), Tolerance);
        Assert.True(Math.Abs(daily.Average() - pooled.Accuracy) > 0.1);
        Assert.Equal(pooled.Accuracy, ClassificationMetrics.From(day1.Add(day2)).Accuracy);
        Assert.Equal(100, pooled.Total);
    }

    [Fact]
    public void Empty_matrix_gives_zeros_not_nan()
    {
        var m = ClassificationMetrics.From(new ConfusionMatrix(["a", "b"], new long[2, 2]));

        Assert.Equal(0.0, m.Accuracy);
        Assert.Equal(0.0, m.F1.Macro);
        Assert.Equal(0.0, m.F1.Micro);
        Assert.Equal(0.0, m.F1.Weighted);
    }

    private static void AssertClass(ClassMetrics c, double precision, double recall, double f1, long support, long predicted)
    {
        Assert.Equal(precision, c.Precision, Tolerance);
        Assert.Equal(recall, c.Recall, Tolerance);
        Assert.Equal(f1, c.F1, Tolerance);
        Assert.Equal(support, c.Support);
        Assert.Equal(predicted, c.Predicted);
    }
}
