namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// <c>AiLogger:Retention</c>: the policy in force until an admin saves one in Settings → Storage (which then wins).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "AiLogger:Retention";

    /// <summary>Events older than this many days are deleted; 0 keeps everything.</summary>
    public int Days { get; set; } = 30;

    /// <summary>Other days for some sources or levels, first match wins: <c>{ "Levels": ["Debug"], "Days": 3 }</c>.</summary>
    public List<RetentionRuleOptions> Rules { get; set; } = [];

    /// <summary>Model predictions (and their validations) older than this many days are deleted; 0 keeps them.</summary>
    public int PredictionDays { get; set; }

    /// <summary>The most bytes the data may take in the database; beyond, the oldest is deleted first. 0: no limit.</summary>
    public long MaxDatabaseBytes { get; set; }

    /// <summary>Rows per delete transaction: small, so ingest never waits long for the write lock.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Cron expression of the retention job (default: every hour).</summary>
    public string Schedule { get; set; } = "0 * * * *";
}
