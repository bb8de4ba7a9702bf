namespace AiLogger.Domain.Traces;

/// <summary>
/// One node of a <see cref="TraceDiff"/>: the spans of both traces that sit at the same path (service + name from the
/// root), merged. Durations are sums over those spans; the difference is B − A, so positive means B was slower.
/// </summary>
public sealed record TraceDiffNode
{
    /// <summary>Pre-order position in its tree, unique within it (a handle for views, e.g. to collapse a subtree).</summary>
    public required int Id { get; init; }

    /// <summary>0 for a root.</summary>
    public required int Depth { get; init; }

    public string? Service { get; init; }

    public required string Name { get; init; }

    public int CountA { get; init; }

    public int CountB { get; init; }

    public double DurationMsA { get; init; }

    public double DurationMsB { get; init; }

    public double DifferenceMs => DurationMsB - DurationMsA;

    public TraceDiffSide Only => CountA > 0 && CountB > 0 ? TraceDiffSide.Both : CountA > 0 ? TraceDiffSide.OnlyA : TraceDiffSide.OnlyB;

    /// <summary>Largest absolute difference first.</summary>
    public IReadOnlyList<TraceDiffNode> Children { get; init; } = [];
}
