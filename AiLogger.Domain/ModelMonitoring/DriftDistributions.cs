using System.Globalization;

namespace AiLogger.Domain.ModelMonitoring;

/// <summary>The two distributions a drift result is drawn from, as bins a chart can show side by side.</summary>
public static class DriftDistributions
{
    /// <summary>One bin per label, counts aligned by index.</summary>
    public static IReadOnlyList<DriftBin> Categorical(IReadOnlyList<string> labels, IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != labels.Count || current.Count != labels.Count)
            throw new ArgumentException("Counts must be aligned with the labels.", nameof(labels));
        var referenceTotal = reference.Sum();
        var currentTotal = current.Sum();
        return labels.Select((label, i) => new DriftBin
        {
            Label = label,
            Reference = reference[i],
            Current = current[i],
            ReferenceShare = Share(reference[i], referenceTotal),
            CurrentShare = Share(current[i], currentTotal),
        }).ToList();
    }

    /// <summary>
    /// Equal-width bins over the combined range of both samples, the last closed on the right: the same bins as
    /// <see cref="DriftStatistics.NumericPopulationStabilityIndex"/>, so the chart shows what PSI measured.
    /// </summary>
    public static IReadOnlyList<DriftBin> Numeric(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = DriftStatistics.DefaultPsiBins)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (reference.Count == 0 || current.Count == 0) throw new ArgumentException("Both samples need values.", nameof(reference));
        var min = Math.Min(reference.Min(), current.Min());
        var max = Math.Max(reference.Max(), current.Max());
        if (max == min) bins = 1;
        var width = (max - min) / bins;
        var referenceCounts = Histogram(reference, min, width, bins);
        var currentCounts = Histogram(current, min, width, bins);
        return Enumerable.Range(0, bins).Select(b =>
        {
            var lower = min + b * width;
            var upper = b == bins - 1 ? max : min + (b + 1) * width;
            return new DriftBin
            {
                Label = string.Create(CultureInfo.InvariantCulture, $"[{lower:G4}, {upper:G4}{(b == bins - 1 ? "]" : ")")}"),
                Lower = lower,
                Upper = upper,
                Reference = referenceCounts[b],
                Current = currentCounts[b],
                ReferenceShare = Share(referenceCounts[b], reference.Count),
                CurrentShare = Share(currentCounts[b], current.Count),
            };
        }).ToList();
    }

    private static long[] Histogram(IReadOnlyList<double> values, double min, double width, int bins)
    {
        var counts = new long[bins];
        foreach (var v in values)
            counts[width == 0 ? 0 : Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        return counts;
    }

    private static double Share(long count, long total) => total == 0 ? 0 : (double)count / total;
}
