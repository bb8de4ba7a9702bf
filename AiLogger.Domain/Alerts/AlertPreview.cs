namespace AiLogger.Domain.Alerts;

/// <summary>A draft rule's value over time, to chart against its threshold (the rules page's live preview).</summary>
public sealed record AlertPreview
{
    public const int MaxGroupSeries = 5;

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset From { get; init; }

    public DateTimeOffset To { get; init; }

    public TimeSpan Interval { get; init; }

    public TimeSpan Window { get; init; }

    public double Threshold { get; init; }

    public AlertComparison Comparison { get; init; }

    /// <summary>The whole query; for a grouped rule, the threshold applies per group (see <see cref="Groups"/>).</summary>
    public IReadOnlyList<AlertPreviewPoint> Points { get; init; } = [];

    /// <summary>For a grouped rule: the largest groups over the range (at most <see cref="MaxGroupSeries"/>).</summary>
    public IReadOnlyList<AlertPreviewSeries> Groups { get; init; } = [];

    /// <summary>How many points hold the condition: how often the rule would have fired.</summary>
    public int PointsAbove { get; init; }

    public string? Note { get; init; }
}
