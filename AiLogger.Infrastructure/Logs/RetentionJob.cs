using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Logs;

/// <summary>Hangfire recurring job: deletes events older than <c>AiLogger:Retention:Days</c>, a small batch at a time.</summary>
internal sealed class RetentionJob(ILogRetention retention, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "retention";

    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Days == 0) return 0;
        var cutoff = time.GetUtcNow().AddDays(-settings.Days);
        long deleted = 0;
        int batch;
        do
        {
            batch = await retention.DeleteBatchAsync(cutoff, settings.BatchSize, cancellationToken);
            deleted += batch;
            // A real pause (not the injected clock): it only lets the writer take the lock between batches.
            if (batch > 0) await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        } while (batch == settings.BatchSize);
        await retention.DeleteRollupsAsync(cutoff, cancellationToken);
        if (deleted > 0) logger.LogInformation("Retention deleted {Deleted} events older than {Cutoff:u}", deleted, cutoff);
        return deleted;
    }
}
