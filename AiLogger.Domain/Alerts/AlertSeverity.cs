namespace AiLogger.Domain.Alerts;

public enum AlertSeverity
{
    Low,
    Medium,
    High,
    Critical,
}
