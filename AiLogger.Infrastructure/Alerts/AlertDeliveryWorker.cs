using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// Sends the outbox (<c>alert_deliveries</c>): due deliveries are claimed one by one (so two nodes never send the same
/// one), sent, and either marked delivered or given another attempt after the next of <c>RetryDelays</c>; the last
/// failure is shown on the channel. Woken by the evaluator, and polls for retries and other nodes' deliveries.
/// </summary>
internal sealed class AlertDeliveryWorker(
    IDbContextFactory<AiLoggerDbContext> contexts,
    AlertNotifiers notifiers,
    AlertChannelStore channels,
    AlertDeliverySignal signal,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertDeliveryWorker> logger) : BackgroundService
{
    private const int Batch = 50;
    private const int Parallelism = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.DeliveryPollInterval;
            try
            {
                var next = await SendDueAsync(stoppingToken);
                if (next is { } due)
                {
                    var until = due - time.GetUtcNow();
                    if (until < wait) wait = until < TimeSpan.Zero ? TimeSpan.Zero : until;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogError(error, "Alert deliveries: the outbox could not be processed; trying again shortly");
            }
            if (wait > TimeSpan.Zero) await signal.WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>Sends what is due; returns when the next pending delivery falls due (null: none pending).</summary>
    internal async Task<DateTimeOffset?> SendDueAsync(CancellationToken cancellationToken)
    {
        await ReleaseStaleClaimsAsync(cancellationToken);
        while (true)
        {
            List<long> due;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var now = time.GetUtcNow();
                due = await db.AlertDeliveries.AsNoTracking()
                    .Where(d => d.Status == AlertDeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(Batch).ToListAsync(cancellationToken);
                if (due.Count == 0)
                {
                    var next = await db.AlertDeliveries.AsNoTracking().Where(d => d.Status == AlertDeliveryStatus.Pending)
                        .OrderBy(d => d.NextAttemptAt).Select(d => (DateTimeOffset?)d.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
                    return next;
                }
            }
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (id, ct) => await SendAsync(id, ct));
        }
    }

    private async Task SendAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claimed = await db.AlertDeliveries.Where(d => d.Id == id && d.Status == AlertDeliveryStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, AlertDeliveryStatus.Sending).SetProperty(d => d.ClaimedAt, now), cancellationToken);
        if (claimed == 0) return;
        var delivery = await db.AlertDeliveries.FirstAsync(d => d.Id == id, cancellationToken);
        var channel = await db.AlertChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == delivery.ChannelId, cancellationToken);

        var result = channel is null
            ? Domain.Alerts.AlertDeliveryResult.Failed("The channel no longer exists.", TimeSpan.Zero)
            : !channel.Enabled
                ? Domain.Alerts.AlertDeliveryResult.Failed("The channel is disabled.", TimeSpan.Zero)
                : await notifiers.SendAsync(channel, delivery.Payload, delivery.Id, cancellationToken);

        delivery.Attempts++;
        delivery.ClaimedAt = null;
        var delays = options.Value.ParseRetryDelays() ?? [];
        if (result.Success)
        {
            delivery.Status = AlertDeliveryStatus.Delivered;
            delivery.DeliveredAt = time.GetUtcNow();
            delivery.LastError = null;
        }
        else if (channel is { Enabled: true } && delivery.Attempts <= delays.Count)
        {
            delivery.Status = AlertDeliveryStatus.Pending;
            delivery.NextAttemptAt = time.GetUtcNow() + delays[delivery.Attempts - 1];
            delivery.LastError = result.Error;
            logger.LogWarning("Alert delivery {Id} to channel {Channel} failed (attempt {Attempt}), retrying at {Next:u}: {Error}",
                delivery.Id, channel.Name, delivery.Attempts, delivery.NextAttemptAt, result.Error);
        }
        else
        {
            delivery.Status = AlertDeliveryStatus.Failed;
            delivery.LastError = result.Error;
            logger.LogError("Alert delivery {Id} to channel {Channel} failed for good after {Attempts} attempt(s): {Error}",
                delivery.Id, channel?.Name ?? delivery.ChannelId.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Attempts, result.Error);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (channel is { Enabled: true }) await channels.RecordAsync(channel.Id, result, cancellationToken);
    }

    /// <summary>Deliveries a crashed node had claimed go out again (a receiver may see one twice; X-AiLogger-Delivery tells).</summary>
    private async Task ReleaseStaleClaimsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = time.GetUtcNow() - options.Value.DeliveryTimeout * 3;
        await db.AlertDeliveries.Where(d => d.Status == AlertDeliveryStatus.Sending && (d.ClaimedAt == null || d.ClaimedAt < stale))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, AlertDeliveryStatus.Pending), cancellationToken);
    }
}
