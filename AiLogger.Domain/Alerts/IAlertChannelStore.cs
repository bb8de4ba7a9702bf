namespace AiLogger.Domain.Alerts;

/// <summary>Notification channels (admin), with the outcome of their last delivery.</summary>
public interface IAlertChannelStore
{
    Task<IReadOnlyList<AlertChannel>> ListAsync(CancellationToken cancellationToken);

    Task<AlertChannel?> GetAsync(long id, CancellationToken cancellationToken);

    Task<AlertChannelResult> CreateAsync(AlertChannelDraft draft, CancellationToken cancellationToken);

    Task<AlertChannelResult> UpdateAsync(long id, AlertChannelDraft draft, CancellationToken cancellationToken);

    /// <summary>Deletes the channel and takes it off every rule. False when there is no such channel.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Sends a sample notification now (no retry) and records the outcome on the channel; null when there is no such channel.</summary>
    Task<AlertDeliveryResult?> SendTestAsync(long id, CancellationToken cancellationToken);

    /// <summary>Raised after a change or a delivery, so the channels page shows the latest status.</summary>
    event Action? Changed;
}
