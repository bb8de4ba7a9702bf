namespace AiLogger.Infrastructure.Alerts;

/// <summary><c>AiLogger:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "AiLogger:Alerts";

    /// <summary>Cron of the evaluation of every rule (Hangfire); every minute by default.</summary>
    public string Schedule { get; set; } = "* * * * *";

    /// <summary>The address people open AI-Logger at, for links in notifications; the server's own address when empty.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Waits before each retry of a failed delivery, comma-separated durations (<c>10s, 1m, 5m</c>): one attempt plus one
    /// per entry; empty for no retry. A string rather than a list, because binding a list adds to its defaults.
    /// </summary>
    public string RetryDelays { get; set; } = "10s, 1m, 5m";

    /// <summary><see cref="RetryDelays"/> read; null when one of them is not a duration.</summary>
    public IReadOnlyList<TimeSpan>? ParseRetryDelays()
    {
        var delays = new List<TimeSpan>();
        foreach (var part in RetryDelays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Domain.Common.Durations.TryParse(part, out var delay)) return null;
            delays.Add(delay.Value);
        }
        return delays;
    }

    /// <summary>How long one webhook call or SMTP session may take.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the delivery worker looks for due retries queued by other nodes (it is woken at once on this one).</summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Let channels reach loopback and private networks (a webhook receiver on the same machine, an internal SMTP relay).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Hosts, addresses or networks (CIDR) channels may reach even though private, comma-separated: <c>10.0.5.20, smtp.internal</c>.</summary>
    public string AllowedHosts { get; set; } = string.Empty;

    /// <summary>Hosts, addresses or networks channels may never reach, comma-separated (<c>*.example.com</c> for a domain).</summary>
    public string DeniedHosts { get; set; } = string.Empty;

    /// <summary>Add the ready-made metric rules (disk, memory, CPU over 90 %), disabled, when a store is first started.</summary>
    public bool ReadyMadeRules { get; set; } = true;

    /// <summary>Resolved alerts older than this are deleted.</summary>
    public int HistoryDays { get; set; } = 90;
}
