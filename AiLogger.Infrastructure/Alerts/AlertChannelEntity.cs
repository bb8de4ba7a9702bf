namespace AiLogger.Infrastructure.Alerts;

/// <summary>Row of <c>alert_channels</c>: where notifications go, and how the last delivery went.</summary>
internal sealed class AlertChannelEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public bool Enabled { get; set; }

    public string? Url { get; set; }

    public string? Secret { get; set; }

    public string? SmtpHost { get; set; }

    public int? SmtpPort { get; set; }

    public string? SmtpSecurity { get; set; }

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public string? From { get; set; }

    /// <summary>Recipients, comma-separated.</summary>
    public string? To { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    public string? LastError { get; set; }
}
