namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// Row of <c>alert_deliveries</c>, the outbox: one notification for one channel, written in the same transaction as
/// the transition it announces, sent (and retried with backoff) by <see cref="AlertDeliveryWorker"/>.
/// </summary>
internal sealed class AlertDeliveryEntity
{
    public long Id { get; set; }

    public long? AlertId { get; set; }

    public long ChannelId { get; set; }

    /// <summary><c>firing</c>, <c>resolved</c> or <c>reminder</c>.</summary>
    public required string Event { get; set; }

    /// <summary>The webhook body (JSON), fixed when queued so every attempt sends the same bytes.</summary>
    public required string Payload { get; set; }

    public string Status { get; set; } = AlertDeliveryStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
