namespace AiLogger.Domain.Alerts;

/// <summary>Where notifications go. In-app notifications (toast, bell) need no channel: every signed-in user gets them.</summary>
public static class AlertChannelKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Email = "email";

    public static IReadOnlyList<string> All { get; } = [Webhook, Slack, Email];

    public static string? Normalize(string? kind) =>
        All.FirstOrDefault(k => string.Equals(k, kind?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? (kind?.Trim().ToLowerInvariant() is "e-mail" or "smtp" or "mail" ? Email : null);
}
