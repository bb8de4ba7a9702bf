namespace AiLogger.Domain.ModelMonitoring;

/// <summary>One bar of a drift chart: a class (categorical) or a value range (numeric), counted in both samples.</summary>
public sealed record DriftBin
{
    /// <summary>The class, or the range as text (<c>[0.2, 0.3)</c>).</summary>
    public required string Label { get; init; }

    /// <summary>Lower edge of a numeric bin.</summary>
    public double? Lower { get; init; }

    /// <summary>Upper edge of a numeric bin (included only in the last bin).</summary>
    public double? Upper { get; init; }

    public required long Reference { get; init; }

    public required long Current { get; init; }

    public required double ReferenceShare { get; init; }

    public required double CurrentShare { get; init; }
}
