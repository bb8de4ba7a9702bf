namespace AiLogger.Infrastructure.Logs;

/// <summary><c>AiLogger:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "AiLogger:Retention";

    /// <summary>Events older than this many days are deleted; 0 keeps everything.</summary>
    public int Days { get; set; } = 30;

    /// <summary>Rows per delete transaction: small, so ingest never waits long for the write lock.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Cron expression of the retention job (default: every hour).</summary>
    public string Schedule { get; set; } = "0 * * * *";
}
