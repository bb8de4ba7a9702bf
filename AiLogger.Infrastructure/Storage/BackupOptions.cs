namespace AiLogger.Infrastructure.Storage;

/// <summary><c>AiLogger:Backups</c>.</summary>
public sealed class BackupOptions
{
    public const string Section = "AiLogger:Backups";

    /// <summary>Cron of the scheduled backup (daily at 03:00 UTC by default); empty for none.</summary>
    public string Schedule { get; set; } = "0 3 * * *";

    /// <summary>Backups kept; older ones are deleted after each scheduled backup.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>Where backups are written; <c>backups/</c> in the data folder when empty.</summary>
    public string? Directory { get; set; }
}
