namespace AiLogger.Infrastructure.Alerts;

/// <summary>Row of <c>alert_rules</c>: the definition, the silence, and the outcome of the last evaluation.</summary>
internal sealed class AlertRuleEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required string Kind { get; set; }

    /// <summary>The query text; empty for every event.</summary>
    public string Query { get; set; } = string.Empty;

    public string? GroupBy { get; set; }

    public TimeSpan Window { get; set; }

    /// <summary>The comparison's symbol (<c>&gt;=</c>…).</summary>
    public required string Comparison { get; set; }

    public double Threshold { get; set; }

    public TimeSpan For { get; set; }

    public TimeSpan Cooldown { get; set; }

    public bool Repeat { get; set; }

    public bool NotifyOnResolve { get; set; }

    public required string Severity { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Channel ids, comma-separated.</summary>
    public string Channels { get; set; } = string.Empty;

    public string? Model { get; set; }

    public string? Metric { get; set; }

    public string? Class { get; set; }

    public string? Feature { get; set; }

    /// <summary>For metric rules: the aggregation's name (<c>avg</c>, <c>p95</c>…).</summary>
    public string? Aggregation { get; set; }

    /// <summary>For metric rules: the filter, attribute key → value as a JSON object.</summary>
    public string? Filter { get; set; }

    public DateTimeOffset? SilencedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string Status { get; set; } = "ok";

    public DateTimeOffset? LastEvaluatedAt { get; set; }

    public double? LastValue { get; set; }

    public string? LastNote { get; set; }
}
