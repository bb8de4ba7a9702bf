namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Turns daily counts into window and per-day figures. A window pools the counts of its days into one confusion
/// matrix and computes every figure on it; daily values are never averaged. Averages run over the classes that occur
/// among the validated samples (actual or predicted), as scikit-learn does when it is not given labels, so a declared
/// class that never occurs is listed but does not pull the macro average down.
/// </summary>
public static class ModelMetricsCalculator
{
    /// <summary>Declared classes in their order, then any other class in <paramref name="rows"/> in ordinal order.</summary>
    public static IReadOnlyList<string> Labels(IReadOnlyList<string> declared, IEnumerable<DailyCount> rows)
    {
        var known = new HashSet<string>(declared, StringComparer.Ordinal);
        var extra = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!known.Contains(row.Predicted)) extra.Add(row.Predicted);
            if (row.Actual is { } actual && !known.Contains(actual)) extra.Add(actual);
        }
        return declared.Concat(extra).ToList();
    }

    public static ModelMetrics Window(
        string model, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> declared, IReadOnlyCollection<DailyCount> rows,
        DateTimeOffset? computedAt)
    {
        var labels = Labels(declared, rows);
        var tally = Tally.Of(labels, rows);
        var classification = tally.Classification();
        var byClass = classification?.PerClass.ToDictionary(c => c.Class, StringComparer.Ordinal);
        var perClass = labels.Select((label, i) =>
        {
            var measured = byClass?.GetValueOrDefault(label);
            return new ModelClassMetrics
            {
                Class = label,
                Precision = measured?.Precision,
                Recall = measured?.Recall,
                F1 = measured?.F1,
                Support = tally.RowTotal(i),
                Predicted = tally.ColumnTotal(i),
                Predictions = tally.PredictionsOf(i),
            };
        }).ToList();
        return new ModelMetrics
        {
            Model = model,
            From = from,
            To = to,
            Predictions = tally.Predictions,
            Validated = tally.Validated,
            Classification = classification,
            PerClass = perClass,
            Confusion = tally.Matrix(),
            EstimatedAccuracy = tally.EstimatedAccuracy,
            ComputedAt = computedAt,
        };
    }

    /// <summary>One entry per day that has predictions, oldest first.</summary>
    public static IReadOnlyList<DailyModelMetrics> Daily(IReadOnlyList<string> declared, IEnumerable<DailyCount> rows)
    {
        var list = rows as IReadOnlyCollection<DailyCount> ?? rows.ToList();
        var labels = Labels(declared, list);
        return list.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(day =>
        {
            var tally = Tally.Of(labels, day);
            var classification = tally.Classification();
            return new DailyModelMetrics
            {
                Day = day.Key,
                Predictions = tally.Predictions,
                Validated = tally.Validated,
                Accuracy = classification?.Accuracy,
                Precision = classification?.Precision,
                Recall = classification?.Recall,
                F1 = classification?.F1,
                EstimatedAccuracy = tally.EstimatedAccuracy,
            };
        }).ToList();
    }

    private sealed class Tally
    {
        private readonly IReadOnlyList<string> _labels;
        private readonly long[,] _counts;
        private readonly long[] _predictions;
        private double _confidenceSum;
        private long _confidenceCount;

        private Tally(IReadOnlyList<string> labels)
        {
            _labels = labels;
            _counts = new long[labels.Count, labels.Count];
            _predictions = new long[labels.Count];
        }

        public long Predictions { get; private set; }

        public long Validated { get; private set; }

        // The mean of every confidence in the window, from per-day sums so that windows pool exactly: the same
        // number EstimatedAccuracy.From gives on the raw confidences.
        public double? EstimatedAccuracy => _confidenceCount == 0 ? null : _confidenceSum / _confidenceCount;

        public static Tally Of(IReadOnlyList<string> labels, IEnumerable<DailyCount> rows)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < labels.Count; i++) index[labels[i]] = i;
            var tally = new Tally(labels);
            foreach (var row in rows)
            {
                var p = index[row.Predicted];
                tally.Predictions += row.Count;
                tally._predictions[p] += row.Count;
                tally._confidenceSum += row.ConfidenceSum;
                tally._confidenceCount += row.ConfidenceCount;
                if (row.Actual is null) continue;
                tally.Validated += row.Count;
                tally._counts[index[row.Actual], p] += row.Count;
            }
            return tally;
        }

        public long RowTotal(int i)
        {
            long total = 0;
            for (var j = 0; j < _labels.Count; j++) total += _counts[i, j];
            return total;
        }

        public long ColumnTotal(int j)
        {
            long total = 0;
            for (var i = 0; i < _labels.Count; i++) total += _counts[i, j];
            return total;
        }

        public long PredictionsOf(int i) => _predictions[i];

        public ConfusionMatrix Matrix() => new(_labels, _counts);

        /// <summary>scikit-learn's figures over the classes present among the validated samples; null when none is validated.</summary>
        public ClassificationMetrics? Classification()
        {
            if (Validated == 0) return null;
            var present = Enumerable.Range(0, _labels.Count).Where(i => RowTotal(i) + ColumnTotal(i) > 0).ToArray();
            var counts = new long[present.Length, present.Length];
            for (var a = 0; a < present.Length; a++)
                for (var b = 0; b < present.Length; b++)
                    counts[a, b] = _counts[present[a], present[b]];
            return ClassificationMetrics.From(new ConfusionMatrix(present.Select(i => _labels[i]), counts));
        }
    }
}
