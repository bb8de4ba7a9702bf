using AiLogger.Domain.Storage;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Storage;

/// <summary>Hangfire recurring job: a backup on <c>AiLogger:Backups:Schedule</c>, keeping the newest <c>Keep</c>.</summary>
internal sealed class BackupJob(IBackupStore backups, IOptions<BackupOptions> options, ILogger<BackupJob> logger)
{
    public const string RecurringJobId = "backup";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (backups.Unavailable is { } reason)
        {
            logger.LogWarning("No scheduled backup: {Reason}", reason);
            return;
        }
        var backup = await backups.CreateAsync(cancellationToken);
        var pruned = await backups.PruneAsync(options.Value.Keep, cancellationToken);
        logger.LogInformation("Backup {Name} written ({Bytes:N0} bytes); {Pruned} older one(s) deleted", backup.Name, backup.Bytes, pruned);
    }
}
