namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// Counts of (actual, predicted) class pairs. Rows are actual classes, columns predicted classes, both in
/// <see cref="Labels"/> order. Immutable: <see cref="Add"/> and <see cref="Pool"/> return new matrices.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;
    private readonly Dictionary<string, int> _index;

    public ConfusionMatrix(IEnumerable<string> labels, long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(counts);
        Labels = labels.ToArray();
        _index = BuildIndex(Labels);
        var k = Labels.Count;
        if (counts.GetLength(0) != k || counts.GetLength(1) != k)
            throw new ArgumentException($"Counts must be a {k}x{k} matrix to match the labels; got {counts.GetLength(0)}x{counts.GetLength(1)}.", nameof(counts));
        _counts = new long[k, k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                _counts[i, j] = NonNegative(counts[i, j], nameof(counts));
        Total = Sum(_counts);
    }

    public ConfusionMatrix(IEnumerable<string> labels, long[][] counts)
        : this(labels, ToRectangular(counts))
    {
    }

    /// <summary>Class names in row/column order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Sum of all counts.</summary>
    public long Total { get; }

    /// <summary>An empty matrix with no labels: the identity for <see cref="Add"/>.</summary>
    public static ConfusionMatrix Empty { get; } = new([], new long[0, 0]);

    /// <summary>
    /// Tallies paired actual/predicted labels. Labels default to the sorted (ordinal) union of both sequences,
    /// as scikit-learn's <c>confusion_matrix</c> does; pass <paramref name="labels"/> to fix the order or to
    /// include classes that never occur.
    /// </summary>
    public static ConfusionMatrix FromPredictions(
        IReadOnlyList<string> actual, IReadOnlyList<string> predicted, IEnumerable<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"Got {actual.Count} actual labels but {predicted.Count} predictions.", nameof(predicted));
        var order = labels?.ToArray()
            ?? actual.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = BuildIndex(order);
        var counts = new long[order.Length, order.Length];
        for (var n = 0; n < actual.Count; n++)
        {
            if (!index.TryGetValue(actual[n], out var i))
                throw new ArgumentException($"Actual label '{actual[n]}' is not among the labels.", nameof(actual));
            if (!index.TryGetValue(predicted[n], out var j))
                throw new ArgumentException($"Predicted label '{predicted[n]}' is not among the labels.", nameof(predicted));
            counts[i, j]++;
        }
        return new ConfusionMatrix(order, counts);
    }

    /// <summary>Count of items whose actual class is <paramref name="actual"/> and predicted class <paramref name="predicted"/>; 0 for labels not in the matrix.</summary>
    public long Count(string actual, string predicted) =>
        _index.TryGetValue(actual, out var i) && _index.TryGetValue(predicted, out var j) ? _counts[i, j] : 0;

    /// <summary>Count by row/column position in <see cref="Labels"/>.</summary>
    public long Count(int actualIndex, int predictedIndex) => _counts[actualIndex, predictedIndex];

    /// <summary>
    /// Sums counts cell by cell over the union of labels (this matrix's labels first, then the other's new ones).
    /// This is how a window of days is combined: metrics are then computed on the pooled counts, never averaged.
    /// </summary>
    public ConfusionMatrix Add(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Pool([this, other]);
    }

    /// <summary>Sums any number of matrices over the union of their labels (first-seen order); <see cref="Empty"/> for none.</summary>
    public static ConfusionMatrix Pool(IEnumerable<ConfusionMatrix> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        var list = matrices.ToList();
        var labels = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(matrices));
            foreach (var label in m.Labels)
                if (index.TryAdd(label, labels.Count)) labels.Add(label);
        }
        var counts = new long[labels.Count, labels.Count];
        foreach (var m in list)
        {
            var map = m.Labels.Select(l => index[l]).ToArray();
            for (var i = 0; i < map.Length; i++)
                for (var j = 0; j < map.Length; j++)
                    counts[map[i], map[j]] = checked(counts[map[i], map[j]] + m._counts[i, j]);
        }
        return new ConfusionMatrix(labels, counts);
    }

    private static Dictionary<string, int> BuildIndex(IReadOnlyList<string> labels)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is null) throw new ArgumentException("Labels must not be null.", nameof(labels));
            if (!index.TryAdd(labels[i], i)) throw new ArgumentException($"Label '{labels[i]}' appears twice.", nameof(labels));
        }
        return index;
    }

    private static long[,] ToRectangular(long[][] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var rows = counts.Length;
        var result = new long[rows, rows];
        for (var i = 0; i < rows; i++)
        {
            if (counts[i] is null || counts[i].Length != rows)
                throw new ArgumentException($"Row {i} must have {rows} counts to make a square matrix.", nameof(counts));
            for (var j = 0; j < rows; j++) result[i, j] = counts[i][j];
        }
        return result;
    }

    private static long NonNegative(long value, string parameter) =>
        value >= 0 ? value : throw new ArgumentException("Counts must not be negative.", parameter);

    private static long Sum(long[,] counts)
    {
        long total = 0;
        foreach (var c in counts) total = checked(total + c);
        return total;
    }
}
