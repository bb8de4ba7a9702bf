using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Tests.Domain.ModelMonitoring;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Rows_are_actual_and_columns_are_predicted()
    {
        var m = new ConfusionMatrix(["cat", "dog"], new long[,] { { 5, 1 }, { 2, 4 } });

        Assert.Equal(["cat", "dog"], m.Labels);
        Assert.Equal(1, m.Count(actual: "cat", predicted: "dog"));
        Assert.Equal(2, m.Count(actual: "dog", predicted: "cat"));
        Assert.Equal(12, m.Total);
    }

    [Fact]
    public void Jagged_and_rectangular_counts_build_the_same_matrix()
    {
        var jagged = new ConfusionMatrix(["a", "b"], [[1, 2], [3, 4]]);
        var rectangular = new ConfusionMatrix(["a", "b"], new long[,] { { 1, 2 }, { 3, 4 } });

        foreach (var actual in new[] { "a", "b" })
            foreach (var predicted in new[] { "a", "b" })
                Assert.Equal(rectangular.Count(actual, predicted), jagged.Count(actual, predicted));
    }

    [Fact]
    public void Count_of_a_label_not_in_the_matrix_is_zero()
    {
        var m = new ConfusionMatrix(["cat"], new long[,] { { 3 } });

        Assert.Equal(0, m.Count("cat", "bird"));
        Assert.Equal(0, m.Count("bird", "bird"));
    }

    [Fact]
    public void Counts_that_do_not_match_the_labels_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b", "c"], new long[,] { { 1, 2 }, { 3, 4 } }));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b"], [[1, 2], [3]]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "a"], new long[,] { { 1, 2 }, { 3, 4 } }));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b"], new long[,] { { 1, -2 }, { 3, 4 } }));
    }

    [Fact]
    public void From_predictions_orders_labels_like_scikit_learn()
    {
        // sklearn.metrics.confusion_matrix sorts the union of y_true and y_pred when no labels are given.
        var m = ConfusionMatrix.FromPredictions(["cat", "dog", "pig", "cat"], ["cat", "pig", "dog", "dog"]);

        Assert.Equal(["cat", "dog", "pig"], m.Labels);
        Assert.Equal(1, m.Count("cat", "cat"));
        Assert.Equal(1, m.Count("cat", "dog"));
        Assert.Equal(1, m.Count("dog", "pig"));
        Assert.Equal(1, m.Count("pig", "dog"));
        Assert.Equal(4, m.Total);
    }

    [Fact]
    public void From_predictions_with_explicit_labels_keeps_classes_that_never_occur()
    {
        var m = ConfusionMatrix.FromPredictions(["b", "a"], ["b", "b"], ["c", "b", "a"]);

        Assert.Equal(["c", "b", "a"], m.Labels);
        Assert.Equal(0, m.Count("c", "c"));
        Assert.Equal(1, m.Count("a", "b"));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions(["x"], ["a"], ["a"]));
    }

    [Fact]
    public void Pool_sums_counts_over_the_union_of_labels_in_first_seen_order()
    {
        var day1 = new ConfusionMatrix(["cat", "dog"], new long[,] { { 5, 1 }, { 0, 4 } });
        var day2 = new ConfusionMatrix(["dog", "bird"], new long[,] { { 30, 20 }, { 25, 15 } });

        var pooled = ConfusionMatrix.Pool([day1, day2]);

        Assert.Equal(["cat", "dog", "bird"], pooled.Labels);
        Assert.Equal(5, pooled.Count("cat", "cat"));
        Assert.Equal(1, pooled.Count("cat", "dog"));
        Assert.Equal(0, pooled.Count("cat", "bird"));
        Assert.Equal(4 + 30, pooled.Count("dog", "dog"));
        Assert.Equal(20, pooled.Count("dog", "bird"));
        Assert.Equal(25, pooled.Count("bird", "dog"));
        Assert.Equal(15, pooled.Count("bird", "bird"));
        Assert.Equal(100, pooled.Total);
    }

    [Fact]
    public void Add_is_pool_of_two_and_leaves_both_operands_unchanged()
    {
        var a = new ConfusionMatrix(["x", "y"], new long[,] { { 1, 2 }, { 3, 4 } });
        var b = new ConfusionMatrix(["y", "x"], new long[,] { { 10, 20 }, { 30, 40 } });

        var sum = a.Add(b);

        Assert.Equal(["x", "y"], sum.Labels);
        Assert.Equal(1 + 40, sum.Count("x", "x"));
        Assert.Equal(2 + 30, sum.Count("x", "y"));
        Assert.Equal(3 + 20, sum.Count("y", "x"));
        Assert.Equal(4 + 10, sum.Count("y", "y"));
        Assert.Equal(10, a.Total);
        Assert.Equal(100, b.Total);
    }

    [Fact]
    public void Pool_of_nothing_is_the_empty_matrix()
    {
        var pooled = ConfusionMatrix.Pool([]);

        Assert.Empty(pooled.Labels);
        Assert.Equal(0, pooled.Total);
        Assert.Equal(0, ClassificationMetrics.From(pooled).Accuracy);
    }
}
