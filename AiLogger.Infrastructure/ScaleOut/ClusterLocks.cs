using System.Collections.Concurrent;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.ScaleOut;

/// <summary>
/// Named locks every node on the database shares (one alert evaluation, one watched-folder scan, one import of an upload
/// at a time): a lease row in <c>settings</c>, taken by a conditional UPDATE (or the INSERT that creates it, which the
/// primary key lets only one node win), renewed while held, and free again when released or when its holder stopped
/// renewing it (a node that died). Plain EF Core, so the same on every provider. Waiters on this node queue on a local
/// semaphore first, so only one of them polls the database.
/// </summary>
public sealed class ClusterLocks(IDbContextFactory<AiLoggerDbContext> contexts, NodeIdentity node, TimeProvider time, ILogger<ClusterLocks> logger)
{
    internal const string KeyPrefix = "lock:";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _local = new(StringComparer.Ordinal);

    /// <summary>How long a lease lasts without renewal; renewed every quarter of it.</summary>
    internal TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    internal TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits until the lock is free, then holds it.</summary>
    public async Task<ClusterLock> AcquireAsync(string name, CancellationToken cancellationToken) =>
        (await AcquireAsync(name, wait: true, cancellationToken))!;

    /// <summary>Holds the lock when it is free now; null when another holder has it.</summary>
    public Task<ClusterLock?> TryAcquireAsync(string name, CancellationToken cancellationToken) => AcquireAsync(name, wait: false, cancellationToken);

    private async Task<ClusterLock?> AcquireAsync(string name, bool wait, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + name;
        if (key.Length > 100) throw new ArgumentException("A lock's name is at most 95 characters.", nameof(name));
        var local = _local.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        if (wait) await local.WaitAsync(cancellationToken);
        else if (!await local.WaitAsync(0, cancellationToken)) return null;
        var holder = $"{node.Id}#{Guid.NewGuid():N}";
        try
        {
            while (!await TryClaimAsync(key, holder, cancellationToken))
            {
                if (!wait)
                {
                    local.Release();
                    return null;
                }
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
        catch
        {
            local.Release();
            throw;
        }

        var lost = new CancellationTokenSource();
        var stopRenewing = new CancellationTokenSource();
        var renewing = RenewAsync(key, holder, lost, stopRenewing.Token);
        return new ClusterLock(name, lost, async () =>
        {
            await stopRenewing.CancelAsync();
            await renewing;
            try
            {
                await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
                await db.Settings.Where(s => s.Key == key && s.UpdatedBy == holder)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.UpdatedBy, (string?)null).SetProperty(s => s.UpdatedAt, time.GetUtcNow()));
            }
            catch (Exception error)
            {
                // Not released: it expires at the end of its lease instead.
                logger.LogWarning(error, "The lock {Lock} could not be released; it frees itself within {Lease}", name, Lease);
            }
            finally
            {
                stopRenewing.Dispose();
                lost.Dispose();
                local.Release();
            }
        });
    }

    private async Task<bool> TryClaimAsync(string key, string holder, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var until = now + Lease;
        var claimed = await db.Settings.Where(s => s.Key == key && (s.UpdatedBy == null || s.UpdatedAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.UpdatedBy, holder).SetProperty(s => s.UpdatedAt, until), cancellationToken);
        if (claimed == 1) return true;
        if (await db.Settings.AnyAsync(s => s.Key == key, cancellationToken)) return false;
        db.Settings.Add(new SettingEntity { Key = key, Value = "lease", UpdatedAt = until, UpdatedBy = holder });
        return await UniqueViolation.TrySaveAsync(db, cancellationToken);
    }

    private async Task RenewAsync(string key, string holder, CancellationTokenSource lost, CancellationToken stop)
    {
        var every = Lease / 4;
        var lastRenewed = time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(every, time, stop);
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stop);
                    var now = time.GetUtcNow();
                    var renewed = await db.Settings.Where(s => s.Key == key && s.UpdatedBy == holder)
                        .ExecuteUpdateAsync(set => set.SetProperty(s => s.UpdatedAt, now + Lease), stop);
                    if (renewed == 0)
                    {
                        logger.LogWarning("The lock {Lock} was taken over by another node; stopping its work", key);
                        await lost.CancelAsync();
                        return;
                    }
                    lastRenewed = now;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    if (time.GetUtcNow() - lastRenewed < Lease - every) continue;
                    logger.LogWarning(error, "The lock {Lock} could not be renewed within its lease; stopping its work", key);
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
