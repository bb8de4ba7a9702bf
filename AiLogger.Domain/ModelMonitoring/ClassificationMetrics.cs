namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Accuracy and precision/recall/F1 of a single-label classifier, defined exactly as scikit-learn's
/// <c>precision_recall_fscore_support</c> with <c>zero_division=0</c>: an undefined ratio counts as 0, not NaN.
/// </summary>
public sealed record ClassificationMetrics
{
    /// <summary>Correct predictions over all predictions (trace / total); 0 when there are none.</summary>
    public required double Accuracy { get; init; }

    public required Averages Precision { get; init; }
    public required Averages Recall { get; init; }
    public required Averages F1 { get; init; }
    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>Number of items the figures are computed on.</summary>
    public required long Total { get; init; }

    public static ClassificationMetrics From(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var k = matrix.Labels.Count;
        var perClass = new ClassMetrics[k];
        long trace = 0;
        for (var c = 0; c < k; c++)
        {
            long tp = matrix.Count(c, c), support = 0, predicted = 0;
            for (var o = 0; o < k; o++)
            {
                support += matrix.Count(c, o);
                predicted += matrix.Count(o, c);
            }
            trace += tp;
            long fp = predicted - tp, fn = support - tp;
            perClass[c] = new ClassMetrics
            {
                Class = matrix.Labels[c],
                Precision = Ratio(tp, tp + fp),
                Recall = Ratio(tp, tp + fn),
                // 2TP/(2TP+FP+FN) rather than 2PR/(P+R): identical when defined, and 0 (not NaN) when TP = 0.
                F1 = Ratio(2 * tp, 2 * tp + fp + fn),
                Support = support,
                Predicted = predicted,
            };
        }

        var total = matrix.Total;
        // Single-label: every miss is one FP (for the predicted class) and one FN (for the actual class),
        // so pooled FP = pooled FN = total - trace and micro P = R = F1 = accuracy.
        var microFp = total - trace;
        var microFn = total - trace;
        return new ClassificationMetrics
        {
            Accuracy = Ratio(trace, total),
            Precision = Average(perClass, m => m.Precision, Ratio(trace, trace + microFp)),
            Recall = Average(perClass, m => m.Recall, Ratio(trace, trace + microFn)),
            F1 = Average(perClass, m => m.F1, Ratio(2 * trace, 2 * trace + microFp + microFn)),
            PerClass = perClass,
            Total = total,
        };
    }

    private static Averages Average(ClassMetrics[] perClass, Func<ClassMetrics, double> metric, double micro)
    {
        double sum = 0, weightedSum = 0;
        long support = 0;
        foreach (var m in perClass)
        {
            sum += metric(m);
            weightedSum += metric(m) * m.Support;
            support += m.Support;
        }
        return new Averages
        {
            Macro = perClass.Length == 0 ? 0 : sum / perClass.Length,
            Micro = micro,
            Weighted = support == 0 ? 0 : weightedSum / support,
        };
    }

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? 0 : (double)numerator / denominator;
}
