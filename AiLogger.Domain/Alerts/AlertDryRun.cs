namespace AiLogger.Domain.Alerts;

/// <summary>"Would this rule fire now?" — its value(s) now against the threshold, or why it cannot tell.</summary>
public sealed record AlertDryRun
{
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>True when the condition holds now (for at least one group).</summary>
    public bool WouldFire { get; init; }

    /// <summary>The value now (the largest over groups); null without data.</summary>
    public double? Value { get; init; }

    public double Threshold { get; init; }

    public AlertComparison Comparison { get; init; }

    public TimeSpan Window { get; init; }

    public string? Condition { get; init; }

    /// <summary>Per group, largest value first (one entry with a null group for a rule without groups).</summary>
    public IReadOnlyList<AlertGroupEvaluation> Groups { get; init; } = [];

    /// <summary>No data, or "it would be pending for 5m before firing".</summary>
    public string? Note { get; init; }

    public IReadOnlyList<AlertSample> Samples { get; init; } = [];
}
