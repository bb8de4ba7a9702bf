using AiLogger.Domain.Storage;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Storage;

/// <summary>The backup files themselves: named by time, newest first, pruned to the newest N, never opened by a made-up name.</summary>
public sealed class BackupStoreTests
{
    [SkippableFact]
    public async Task Backups_are_listed_newest_first_and_pruned_to_the_newest_kept()
    {
        SqliteOnly.Require("PostgresBackupsTests");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
        await using var host = await InfrastructureHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var store = host.Get<IBackupStore>();
        for (var day = 0; day < 4; day++)
        {
            await store.CreateAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromDays(1));
        }

        var deleted = await store.PruneAsync(2, CancellationToken.None);
        var left = await store.ListAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(["ailogger-20261204-030000.db.gz", "ailogger-20261203-030000.db.gz"], left.Select(b => b.Name));
        Assert.All(left, b => Assert.True(b.Bytes > 1_000));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(host.DatabasePath)!, "backups", left[0].Name)));
    }

    [Theory]
    [InlineData("../store.db")]
    [InlineData("/etc/passwd")]
    [InlineData("ailogger-20261204-030000.db.gz/../../store.db")]
    public async Task Only_backup_names_can_be_opened(string name)
    {
        await using var host = await InfrastructureHost.StartAsync();

        Assert.Null(host.Get<IBackupStore>().Open(name));
    }
}
