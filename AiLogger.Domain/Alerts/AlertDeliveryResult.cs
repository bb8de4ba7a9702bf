namespace AiLogger.Domain.Alerts;

/// <summary>One attempt to notify a channel: success, or the reason it failed.</summary>
public sealed record AlertDeliveryResult(bool Success, string? Error, TimeSpan Duration)
{
    public static AlertDeliveryResult Delivered(TimeSpan duration) => new(true, null, duration);

    public static AlertDeliveryResult Failed(string error, TimeSpan duration) => new(false, error, duration);
}
