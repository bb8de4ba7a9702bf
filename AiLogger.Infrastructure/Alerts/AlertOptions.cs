namespace AiLogger.Infrastructure.Alerts;

/// <summary><c>AiLogger:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "AiLogger:Alerts";

    /// <summary>Cron of the evaluation of every rule (Hangfire); every minute by default.</summary>
    public string Schedule { get; set; } = "* * * * *";

    /// <summary>The address people open AI-Logger at, for links in notifications; the server's own address when empty.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Waits before each retry of a failed delivery; one attempt plus one per entry.</summary>
    public List<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>How long one webhook call or SMTP session may take.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the delivery worker looks for due retries queued by other nodes (it is woken at once on this one).</summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Resolved alerts older than this are deleted.</summary>
    public int HistoryDays { get; set; } = 90;
}
