namespace AiLogger.Infrastructure.Alerts;

internal static class AlertDeliveryStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
