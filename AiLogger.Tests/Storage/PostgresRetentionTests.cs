using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Storage;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Storage;

/// <summary>Retention on PostgreSQL: whole days go as dropped partitions, partly kept days lose rows, rollups and blocks follow.</summary>
public sealed class PostgresRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly RetentionPolicy Policy = new()
    {
        EventDays = 30,
        Rules =
        [
            new RetentionRule { Levels = [LogLevel.Error, LogLevel.Fatal], Days = 90 },
            new RetentionRule { Levels = [LogLevel.Debug], Days = 3 },
        ],
        AlertDays = 90,
    };

    private static IEnumerable<LogEvent> Day(DateTimeOffset day, string label, params LogLevel[] levels) =>
        Enumerable.Range(0, 10).Select(i => new LogEvent
        {
            Timestamp = day.AddMinutes(i * 97),
            Level = levels[i % levels.Length],
            Message = $"{label} {levels[i % levels.Length]} n{i}",
            Source = i % 2 == 0 ? "api" : "worker",
        });

    [SkippableFact]
    public async Task A_day_past_retention_is_dropped_as_a_partition_and_a_partly_kept_day_keeps_its_rows()
    {
        ScaleOut.RequirePostgres();
        await using var store = await PostgresTestStore.CreateAsync(
            new Dictionary<string, string?> { ["AiLogger:Retention:BatchSize"] = "3" },
            s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        var gone = new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero);       // 42 days: information only
        var mixed = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);      // 37 days: information goes, errors stay
        var debugOnly = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);  // 5 days: all debug, the debug rule drops it
        var debugAndInfo = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero); // 4 days: debug goes, information stays
        await store.InsertAsync(Day(gone, "gone", LogLevel.Information, LogLevel.Warning)
            .Concat(Day(mixed, "mixed", LogLevel.Information, LogLevel.Error))
            .Concat(Day(debugOnly, "debugonly", LogLevel.Debug))
            .Concat(Day(debugAndInfo, "debuginfo", LogLevel.Debug, LogLevel.Information)));
        Assert.Empty(await store.Get<IRetentionSettingsStore>().SaveAsync(Policy, "test", CancellationToken.None));
        var preview = await store.Get<IStorageStatistics>().PreviewAsync(Policy, CancellationToken.None);

        var deleted = await store.Get<RetentionJob>().RunAsync(CancellationToken.None);

        // 10 + 5 + 10 + 5 events, as the preview said.
        Assert.Equal(30, deleted);
        Assert.Equal(30, preview.Events);
        Assert.False(await PartitionExistsAsync(store, gone));
        Assert.False(await PartitionExistsAsync(store, debugOnly));
        Assert.True(await PartitionExistsAsync(store, mixed));
        Assert.True(await PartitionExistsAsync(store, debugAndInfo));

        var left = (await store.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Limit = 100 }, CancellationToken.None)).Events;
        Assert.Equal(
            Day(mixed, "mixed", LogLevel.Information, LogLevel.Error).Where(e => e.Level == LogLevel.Error)
                .Concat(Day(debugAndInfo, "debuginfo", LogLevel.Debug, LogLevel.Information).Where(e => e.Level == LogLevel.Information))
                .Select(e => e.Message).Order(),
            left.Select(e => e.Message).Order());
        Assert.Empty((await store.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("gone OR debugonly") }, CancellationToken.None)).Events);

        // The rollups of the dropped days are gone, and every count left matches the events left.
        Assert.Equal(0L, await store.ScalarAsync(
            $"SELECT count(*) FROM log_rollups WHERE minute >= {gone.UtcTicks} AND minute < {gone.AddDays(1).UtcTicks} OR minute >= {debugOnly.UtcTicks} AND minute < {debugOnly.AddDays(1).UtcTicks}"));
        Assert.Equal(0L, await store.ScalarAsync(
            $"SELECT count(*) FROM log_rollups_hourly WHERE hour >= {gone.UtcTicks} AND hour < {gone.AddDays(1).UtcTicks} OR hour >= {debugOnly.UtcTicks} AND hour < {debugOnly.AddDays(1).UtcTicks}"));
        Assert.Equal(10L, await store.ScalarAsync("SELECT CAST(sum(count) AS bigint) FROM log_rollups"));
        Assert.Equal(10L, await store.ScalarAsync("SELECT CAST(sum(count) AS bigint) FROM log_rollups_hourly"));
        var overview = await store.Get<ILogStatistics>().GetOverviewAsync(CancellationToken.None);
        Assert.Equal(10, overview.TotalEvents);
        var counts = await store.Get<ILogAggregator>().AggregateAsync(new LogAggregateRequest { GroupBy = "level" }, CancellationToken.None);
        Assert.Equal([new ValueCount("Error", 5), new ValueCount("Information", 5)], counts.Groups);

        // A second run finds nothing more to do.
        Assert.Equal(0, await store.Get<RetentionJob>().RunAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Empty_id_blocks_are_forgotten_once_their_partition_is_dropped()
    {
        ScaleOut.RequirePostgres();
        await using var store = await PostgresTestStore.CreateAsync(services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        var old = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        // Two blocks of ids on an old day, then a third on a recent day.
        await store.InsertAsync(Enumerable.Range(0, 2 * 4096).Select(i => new LogEvent { Timestamp = old.AddSeconds(i), Level = LogLevel.Information, Message = $"old {i}" }));
        await store.InsertAsync([new LogEvent { Timestamp = Now.AddHours(-1), Level = LogLevel.Information, Message = "recent" }]);
        Assert.Equal(3L, await store.ScalarAsync("SELECT count(*) FROM log_blocks"));

        Assert.Equal(2 * 4096, await store.Get<RetentionJob>().RunAsync(CancellationToken.None));

        Assert.False(await PartitionExistsAsync(store, old));
        Assert.Equal(2L, await store.ScalarAsync("SELECT min(block) FROM log_blocks"));
        Assert.Equal(1L, await store.ScalarAsync("SELECT count(*) FROM log_blocks"));
    }

    private static async Task<bool> PartitionExistsAsync(PostgresTestStore store, DateTimeOffset day) =>
        await store.ScalarAsync($"SELECT to_regclass('{PostgresTestStore.PartitionName(day.UtcTicks)}') IS NOT NULL") is true;
}
