using System.Text.Json;
using AiLogger.Domain.Alerts;
using AiLogger.Domain.Common;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>A notification as sent: the webhook's JSON body, from which the Slack text and the e-mail are also written.</summary>
internal sealed record AlertMessage
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public required AlertMessageRule Rule { get; init; }

    public long? AlertId { get; init; }

    public required string Severity { get; init; }

    /// <summary><c>firing</c>, <c>resolved</c>, or <c>test</c>.</summary>
    public required string State { get; init; }

    /// <summary>True for a reminder of an alert still firing.</summary>
    public bool Reminder { get; init; }

    public double Value { get; init; }

    public double Threshold { get; init; }

    public required string Comparison { get; init; }

    public string? Window { get; init; }

    public string? GroupBy { get; init; }

    /// <summary><see cref="AlertInstance.GroupLabel"/>: <c>source=checkout</c>, or a metric rule's <c>host=a, mountpoint=/</c>.</summary>
    public string? GroupLabel { get; init; }

    public string? Group { get; init; }

    public required string Condition { get; init; }

    public IReadOnlyList<AlertSample> Samples { get; init; } = [];

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public required string Link { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static AlertMessage Parse(string json) => JsonSerializer.Deserialize<AlertMessage>(json, Json)
                                                     ?? throw new JsonException("An empty alert payload.");

    public static AlertMessage From(AlertInstance alert, string state, bool reminder, string link) => new()
    {
        Rule = new AlertMessageRule(alert.RuleId, alert.RuleName),
        AlertId = alert.Id,
        Severity = alert.Severity.Name(),
        State = state,
        Reminder = reminder,
        Value = alert.Value,
        Threshold = alert.Threshold,
        Comparison = alert.Comparison.Symbol(),
        Window = alert.Window > TimeSpan.Zero ? Durations.Format(alert.Window) : null,
        GroupBy = alert.GroupKey is null ? null : alert.GroupBy,
        Group = alert.GroupKey,
        GroupLabel = alert.GroupLabel,
        Condition = alert.Condition,
        Samples = alert.Samples,
        StartedAt = alert.StartedAt,
        ResolvedAt = alert.ResolvedAt,
        Link = link,
    };

    /// <summary>"[HIGH] FIRING: Errors in checkout (source api)".</summary>
    public string Title =>
        $"[{Severity.ToUpperInvariant()}] {(State == "test" ? "TEST" : Reminder ? "STILL FIRING" : State.ToUpperInvariant())}: {Rule.Name}"
        + (GroupLabel is null ? "" : $" ({GroupLabel})");

    /// <summary>"value 14 >= 10 over 5m".</summary>
    public string Measure =>
        $"value {AlertValues.Format(Value)} {Comparison} {AlertValues.Format(Threshold)}" + (Window is null ? "" : $" over {Window}");
}
