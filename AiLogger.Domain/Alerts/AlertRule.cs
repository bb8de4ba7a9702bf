using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Alerts;

/// <summary>
/// An alert rule: a value (a count of matching events, a model metric or a drift reading) over a window, compared
/// with a threshold. Built only by <see cref="AlertRuleDraft.Validate"/>, so a rule is always well-formed.
/// </summary>
public sealed record AlertRule
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>One of <see cref="AlertKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>For <see cref="AlertKinds.Logs"/>: the events counted (empty: every event).</summary>
    public LogQuery Query { get; init; } = LogQuery.All;

    /// <summary>
    /// For <see cref="AlertKinds.Logs"/>: one instance per value of this field (<c>source</c>, <c>level</c>, a property…);
    /// for <see cref="AlertKinds.Metric"/>: attribute keys, comma-separated (<c>host, mountpoint</c>).
    /// </summary>
    public string? GroupBy { get; init; }

    /// <summary>The value is computed over [now − window, now). Zero for drift rules, which read the latest verdict.</summary>
    public TimeSpan Window { get; init; }

    public AlertComparison Comparison { get; init; } = AlertComparison.GreaterOrEqual;

    public double Threshold { get; init; }

    /// <summary>How long the condition must hold before the rule fires (Loki's and Prometheus' <c>for</c>); zero fires at once.</summary>
    public TimeSpan For { get; init; }

    /// <summary>Least time between two notifications of the same instance (a rule that flaps is not re-announced within it).</summary>
    public TimeSpan Cooldown { get; init; } = AlertRuleDraft.DefaultCooldown;

    /// <summary>Remind while still firing, once per <see cref="Cooldown"/>; off by default, so a firing rule is announced once.</summary>
    public bool Repeat { get; init; }

    public bool NotifyOnResolve { get; init; } = true;

    public AlertSeverity Severity { get; init; } = AlertSeverity.Medium;

    public bool Enabled { get; init; } = true;

    /// <summary>Ids of the <see cref="AlertChannel"/>s notified.</summary>
    public IReadOnlyList<long> Channels { get; init; } = [];

    /// <summary>For model rules: the model's name.</summary>
    public string? Model { get; init; }

    /// <summary>For model rules: one of <see cref="AlertMetrics.Model"/> or <see cref="AlertMetrics.Drift"/>; for metric rules, the metric's name.</summary>
    public string? Metric { get; init; }

    /// <summary>For metric rules: how the window's points become one value (<c>avg</c>, <c>max</c>, <c>rate</c>, <c>p95</c>…; see <see cref="SystemMetrics.MetricKinds"/>).</summary>
    public string? Aggregation { get; init; }

    /// <summary>For metric rules: the series read (attribute key → value; <c>service</c>, <c>host</c>, <c>scope</c> narrow by resource).</summary>
    public IReadOnlyDictionary<string, string> Filter { get; init; } = new Dictionary<string, string>();

    /// <summary>For per-class model metrics: the class; null for the macro average.</summary>
    public string? Class { get; init; }

    /// <summary>For drift rules: the feature (<see cref="AlertMetrics.DefaultDriftFeature"/> when null).</summary>
    public string? Feature { get; init; }

    /// <summary>No notification is sent before this time (the state is still tracked).</summary>
    public DateTimeOffset? SilencedUntil { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The most severe status over the rule's groups at the last evaluation.</summary>
    public AlertStatus Status { get; init; } = AlertStatus.Ok;

    public DateTimeOffset? LastEvaluatedAt { get; init; }

    /// <summary>The value at the last evaluation (the largest over groups); null before one or without data.</summary>
    public double? LastValue { get; init; }

    /// <summary>Why the last evaluation could not decide (no data for a model, a failed query); null when it could.</summary>
    public string? LastNote { get; init; }

    public bool IsSilenced(DateTimeOffset now) => SilencedUntil is { } until && until > now;

    /// <summary>Plain words: "count(level:error) by source over 5m >= 3".</summary>
    public string Condition => Kind switch
    {
        AlertKinds.Logs => $"count({(Query.MatchesAll ? "*" : Query.Text)})" + (GroupBy is null ? "" : $" by {GroupBy}")
                           + $" over {Common.Durations.Format(Window)} {Comparison.Symbol()} {AlertValues.Format(Threshold)}",
        AlertKinds.Metric => $"{Aggregation}({Metric}{(Filter.Count == 0 ? "" : $"{{{MetricRuleFilter.Format(Filter)}}}")})"
                             + (GroupBy is null ? "" : $" by {GroupBy}") + $" over {Common.Durations.Format(Window)} {Comparison.Symbol()} {AlertValues.Format(Threshold)}",
        AlertKinds.ModelMetric => $"{Metric}({Model}{(Class is null ? "" : $", class {Class}")}) over {Common.Durations.Format(Window)} "
                                  + $"{Comparison.Symbol()} {AlertValues.Format(Threshold)}",
        AlertKinds.Tests => $"tests {Metric}({MetricRuleFilter.Format(Filter)}) {Comparison.Symbol()} {AlertValues.Format(Threshold)}",
        _ => $"drift {Metric}({Model}, {Feature ?? AlertMetrics.DefaultDriftFeature}) {Comparison.Symbol()} {AlertValues.Format(Threshold)}",
    };
}
