namespace AiLogger.Domain.Alerts;

/// <summary>An in-app notification: an alert fired, was resolved or acknowledged (for toasts and the header's bell).</summary>
public sealed record AlertNotification
{
    public const string Fired = "firing";
    public const string Resolved = "resolved";
    public const string Acknowledged = "acknowledged";

    /// <summary><see cref="Fired"/>, <see cref="Resolved"/> or <see cref="Acknowledged"/>.</summary>
    public required string Kind { get; init; }

    public required AlertInstance Alert { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>One line for a toast: "High: Errors in checkout (source api) — 14 ≥ 10 over 5m".</summary>
    public string Summary => Kind switch
    {
        Resolved => $"Resolved: {Alert.RuleName}{Group}",
        Acknowledged => $"Acknowledged by {Alert.AcknowledgedBy}: {Alert.RuleName}{Group}",
        _ => $"{char.ToUpperInvariant(Alert.Severity.Name()[0])}{Alert.Severity.Name()[1..]}: {Alert.RuleName}{Group} — "
             + $"{AlertValues.Format(Alert.Value)} {Alert.Comparison.Symbol()} {AlertValues.Format(Alert.Threshold)}"
             + (Alert.Window > TimeSpan.Zero ? $" over {Common.Durations.Format(Alert.Window)}" : ""),
    };

    private string Group => Alert.GroupKey is null ? "" : $" ({Alert.GroupBy} {(Alert.GroupKey.Length == 0 ? "(none)" : Alert.GroupKey)})";
}
