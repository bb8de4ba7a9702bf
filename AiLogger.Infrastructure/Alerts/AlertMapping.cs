using System.Globalization;
using System.Text.Json;
using AiLogger.Domain.Alerts;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>Rows ↔ domain records.</summary>
internal static class AlertMapping
{
    public static AlertRule ToRule(AlertRuleEntity r)
    {
        var rule = ToRuleUnchecked(r);
        try
        {
            return rule with { Query = LogQuery.Parse(r.Query) };
        }
        catch (LogQuerySyntaxException error)
        {
            // Valid when saved; should the language ever reject it, the rule stops rather than count everything.
            return rule with { Enabled = false, LastNote = $"The stored query no longer parses ({error.Message}); edit the rule." };
        }
    }

    private static AlertRule ToRuleUnchecked(AlertRuleEntity r) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Description = r.Description,
        Kind = r.Kind,
        GroupBy = r.GroupBy,
        Window = r.Window,
        Comparison = AlertComparisons.TryParse(r.Comparison, out var comparison) ? comparison.Value : AlertComparison.GreaterOrEqual,
        Threshold = r.Threshold,
        For = r.For,
        Cooldown = r.Cooldown,
        Repeat = r.Repeat,
        NotifyOnResolve = r.NotifyOnResolve,
        Severity = AlertSeverities.TryParse(r.Severity, out var severity) ? severity.Value : AlertSeverity.Medium,
        Enabled = r.Enabled,
        Channels = ParseIds(r.Channels),
        Model = r.Model,
        Metric = r.Metric,
        Class = r.Class,
        Feature = r.Feature,
        Aggregation = r.Aggregation,
        Filter = string.IsNullOrEmpty(r.Filter) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(r.Filter) ?? [],
        SilencedUntil = r.SilencedUntil,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        Status = ParseStatus(r.Status),
        LastEvaluatedAt = r.LastEvaluatedAt,
        LastValue = r.LastValue,
        LastNote = r.LastNote,
    };

    /// <summary>Copies a validated rule's definition onto its row (not the silence nor the evaluation outcome).</summary>
    public static void CopyDefinition(AlertRule rule, AlertRuleEntity row)
    {
        row.Name = rule.Name;
        row.Description = rule.Description;
        row.Kind = rule.Kind;
        row.Query = rule.Query.Text;
        row.GroupBy = rule.GroupBy;
        row.Window = rule.Window;
        row.Comparison = rule.Comparison.Symbol();
        row.Threshold = rule.Threshold;
        row.For = rule.For;
        row.Cooldown = rule.Cooldown;
        row.Repeat = rule.Repeat;
        row.NotifyOnResolve = rule.NotifyOnResolve;
        row.Severity = rule.Severity.Name();
        row.Enabled = rule.Enabled;
        row.Channels = FormatIds(rule.Channels);
        row.Model = rule.Model;
        row.Metric = rule.Metric;
        row.Class = rule.Class;
        row.Feature = rule.Feature;
        row.Aggregation = rule.Aggregation;
        row.Filter = rule.Filter.Count == 0 ? null : JsonSerializer.Serialize(rule.Filter);
    }

    public static AlertInstance ToAlert(AlertEntity a) => new()
    {
        Id = a.Id,
        RuleId = a.RuleId,
        RuleName = a.RuleName,
        Kind = a.Kind,
        Severity = AlertSeverities.TryParse(a.Severity, out var severity) ? severity.Value : AlertSeverity.Medium,
        GroupBy = a.GroupBy,
        GroupKey = a.GroupKey,
        State = a.State == Resolved ? AlertState.Resolved : AlertState.Firing,
        Value = a.Value,
        FiredValue = a.FiredValue,
        Threshold = a.Threshold,
        Comparison = AlertComparisons.TryParse(a.Comparison, out var comparison) ? comparison.Value : AlertComparison.GreaterOrEqual,
        Window = a.Window,
        Condition = a.Condition,
        StartedAt = a.StartedAt,
        ResolvedAt = a.ResolvedAt,
        UpdatedAt = a.UpdatedAt,
        LastNotifiedAt = a.LastNotifiedAt,
        Notifications = a.Notifications,
        AcknowledgedBy = a.AcknowledgedBy,
        AcknowledgedAt = a.AcknowledgedAt,
        Samples = JsonSerializer.Deserialize<List<AlertSample>>(a.Samples, AlertMessage.Json) ?? [],
    };

    public static AlertChannel ToChannel(AlertChannelEntity c, int pending = 0) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Kind = c.Kind,
        Enabled = c.Enabled,
        Url = c.Url,
        HasSecret = !string.IsNullOrEmpty(c.Secret),
        SmtpHost = c.SmtpHost,
        SmtpPort = c.SmtpPort,
        SmtpSecurity = c.SmtpSecurity,
        SmtpUser = c.SmtpUser,
        HasPassword = !string.IsNullOrEmpty(c.SmtpPassword),
        From = c.From,
        To = SplitAddresses(c.To),
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        LastAttemptAt = c.LastAttemptAt,
        LastSuccessAt = c.LastSuccessAt,
        LastFailureAt = c.LastFailureAt,
        LastError = c.LastError,
        PendingDeliveries = pending,
    };

    public const string Firing = "firing";
    public const string Resolved = "resolved";

    public static string StatusName(AlertStatus status) => status switch
    {
        AlertStatus.Pending => "pending",
        AlertStatus.Firing => Firing,
        _ => "ok",
    };

    public static AlertStatus ParseStatus(string? status) => status switch
    {
        "pending" => AlertStatus.Pending,
        Firing => AlertStatus.Firing,
        _ => AlertStatus.Ok,
    };

    public static AlertGroupState ToState(AlertRuleStateEntity s) => new()
    {
        GroupKey = s.GroupKey,
        Status = ParseStatus(s.Status),
        PendingSince = s.PendingSince,
        FiringSince = s.FiringSince,
        LastNotifiedAt = s.LastNotifiedAt,
        FiringNotified = s.FiringNotified,
        Value = s.Value,
        AlertId = s.AlertId,
    };

    public static void CopyState(AlertGroupState state, AlertRuleStateEntity row)
    {
        row.Status = StatusName(state.Status);
        row.PendingSince = state.PendingSince;
        row.FiringSince = state.FiringSince;
        row.LastNotifiedAt = state.LastNotifiedAt;
        row.FiringNotified = state.FiringNotified;
        row.Value = state.Value is { } v && double.IsFinite(v) ? v : null;
        row.AlertId = state.AlertId;
    }

    public static IReadOnlyList<long> ParseIds(string? text) => string.IsNullOrEmpty(text)
        ? []
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();

    public static string FormatIds(IEnumerable<long> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public static IReadOnlyList<string> SplitAddresses(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
