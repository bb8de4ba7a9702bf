namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary><c>AiLogger:Models</c>.</summary>
public sealed class ModelOptions
{
    public const string Section = "AiLogger:Models";

    /// <summary>Cron of the metrics job, which recomputes the daily counts of models with new data; every minute by default.</summary>
    public string Schedule { get; set; } = "* * * * *";

    /// <summary>Cron of the drift job over every model with a reference; hourly by default.</summary>
    public string DriftSchedule { get; set; } = "0 * * * *";

    /// <summary>The current window the drift job compares with the reference: this long until now.</summary>
    public TimeSpan DriftWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The window of the health shown in the list of models (accuracy, estimated accuracy).</summary>
    public TimeSpan HealthWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Values per feature and side the drift job reads at most; larger samples are thinned evenly.</summary>
    public int MaxDriftSample { get; set; } = 100_000;

    /// <summary>Largest upload of predictions or validations, in bytes (the file is read whole, to store it atomically).</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;
}
