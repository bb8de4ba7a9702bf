namespace AiLogger.Domain.Alerts;

/// <summary>
/// A notification channel with the outcome of its last delivery. Secrets (HMAC secret, SMTP password) are
/// never read back: <see cref="HasSecret"/> and <see cref="HasPassword"/> say whether one is set.
/// </summary>
public sealed record AlertChannel
{
    public long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>One of <see cref="AlertChannelKinds"/>.</summary>
    public required string Kind { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Webhook and Slack: where to POST.</summary>
    public string? Url { get; init; }

    /// <summary>Webhook: an HMAC-SHA256 secret is set, so bodies carry <c>X-AiLogger-Signature</c>.</summary>
    public bool HasSecret { get; init; }

    public string? SmtpHost { get; init; }

    public int? SmtpPort { get; init; }

    /// <summary>One of <see cref="EmailSecurity"/>.</summary>
    public string? SmtpSecurity { get; init; }

    public string? SmtpUser { get; init; }

    public bool HasPassword { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>The last failure's reason (HTTP status and body excerpt, SMTP reply, network error).</summary>
    public string? LastError { get; init; }

    /// <summary>True when the last attempt failed: the channel needs attention.</summary>
    public bool Failing => LastFailureAt is { } failed && (LastSuccessAt is not { } ok || failed > ok);

    /// <summary>Deliveries waiting for a retry.</summary>
    public int PendingDeliveries { get; init; }
}
