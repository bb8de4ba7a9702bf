using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.ScaleOut;
using AiLogger.Infrastructure.Storage;
using AiLogger.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiLogger.Tests.ScaleOutTests;

/// <summary>
/// The locks nodes share through the database (alert evaluation, folder scans, uploads, model jobs, retention): two
/// nodes never hold one at once, a waiter gets it when it is released, and a dead holder's lease runs out.
/// </summary>
public sealed class ClusterLockTests
{
    private static ClusterLocks Node(InfrastructureHost host, string machine, TimeSpan? lease = null) =>
        new(host.Get<IDbContextFactory<AiLoggerDbContext>>(), new NodeIdentity(machine), TimeProvider.System, NullLogger<ClusterLocks>.Instance)
        {
            Lease = lease ?? TimeSpan.FromSeconds(60),
            Poll = TimeSpan.FromMilliseconds(20),
        };

    [Fact]
    public async Task Two_nodes_never_hold_the_same_lock_at_once()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var nodes = new[] { Node(host, "a"), Node(host, "b") };
        var inside = 0;
        var overlaps = 0;
        var entries = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            await using var held = await nodes[i % 2].AcquireAsync("evaluation", token);
            if (Interlocked.Increment(ref inside) > 1) Interlocked.Increment(ref overlaps);
            await Task.Delay(5, token);
            Interlocked.Increment(ref entries);
            Interlocked.Decrement(ref inside);
        });
        Assert.Equal((40, 0), (entries, overlaps));
    }

    [Fact]
    public async Task A_held_lock_is_refused_to_the_other_node_until_released_and_other_names_are_free()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var (a, b) = (Node(host, "a"), Node(host, "b"));

        var held = await a.AcquireAsync("scan", CancellationToken.None);
        Assert.Null(await b.TryAcquireAsync("scan", CancellationToken.None));
        await using (var other = await b.TryAcquireAsync("import-7", CancellationToken.None)) Assert.NotNull(other);
        var waiting = b.AcquireAsync("scan", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(await a.TryAcquireAsync("scan", CancellationToken.None));
    }

    [Fact]
    public async Task A_lock_whose_holder_died_is_free_once_its_lease_ran_out()
    {
        await using var host = await InfrastructureHost.StartAsync();
        // What a node killed while it held the lock leaves behind: a lease nobody renews.
        await using (var db = await host.Get<IDbContextFactory<AiLoggerDbContext>>().CreateDbContextAsync())
        {
            db.Settings.Add(new SettingEntity { Key = ClusterLocks.KeyPrefix + "scan", Value = "lease", UpdatedBy = "dead-node#1", UpdatedAt = DateTimeOffset.UtcNow.AddSeconds(2) });
            await db.SaveChangesAsync();
        }
        var b = Node(host, "b");
        Assert.Null(await b.TryAcquireAsync("scan", CancellationToken.None));
        await using var taken = await b.AcquireAsync("scan", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(taken.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task A_held_lock_is_renewed_so_it_outlives_its_lease()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var (a, b) = (Node(host, "a", TimeSpan.FromSeconds(1)), Node(host, "b", TimeSpan.FromSeconds(1)));
        await using var held = await a.AcquireAsync("long-job", CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Null(await b.TryAcquireAsync("long-job", CancellationToken.None));
        Assert.False(held.Lost.IsCancellationRequested);
    }
}
