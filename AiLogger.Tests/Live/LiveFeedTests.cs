using System.Diagnostics;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Live;

/// <summary>The feed behind live tail: server-side filters, and a slow subscriber that hurts nobody but itself.</summary>
public sealed class LiveFeedTests
{
    private static LogEvent Event(int i, LogLevel level = LogLevel.Information) => new()
    {
        Timestamp = DateTimeOffset.UtcNow, Level = level, Message = $"event {i}", Source = i % 2 == 0 ? "even" : "odd",
        PropertiesJson = $$"""{"N":{{i}}}""",
    };

    [Fact]
    public async Task Each_subscriber_receives_only_what_its_query_matches_in_commit_order()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var feed = host.Get<ILiveLogFeed>();
        using var even = feed.Subscribe(LogQuery.Parse("source:even N>=10"));
        using var errors = feed.Subscribe(LogQuery.Parse("level>=error"));

        var ingestor = host.Get<IIngestor>();
        for (var batch = 0; batch < 5; batch++)
            await ingestor.IngestAsync(Enumerable.Range(batch * 10, 10).Select(i => Event(i, i % 7 == 0 ? LogLevel.Error : LogLevel.Information)).ToArray(),
                IngestContext.Anonymous, CancellationToken.None);

        Assert.Equal(Enumerable.Range(10, 40).Where(i => i % 2 == 0).Select(i => $"event {i}"), await ReadAsync(even, 20));
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 7 == 0).Select(i => $"event {i}"), await ReadAsync(errors, 8));
        Assert.Equal(0, even.Missed);
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_loses_only_its_own_oldest_events_and_slows_nothing()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var feed = host.Get<ILiveLogFeed>();
        using var stalled = feed.Subscribe(LogQuery.All, capacity: 10);
        using var reader = feed.Subscribe(LogQuery.All, capacity: 10_000);
        var ingestor = host.Get<IIngestor>();

        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch < 20; batch++)
            await ingestor.IngestAsync(Enumerable.Range(batch * 100, 100).Select(i => Event(i)).ToArray(), IngestContext.Anonymous, CancellationToken.None);
        var ingestTime = clock.Elapsed;

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"event {i}"), await ReadAsync(reader, 2000));
        Assert.True(ingestTime < TimeSpan.FromSeconds(10), $"ingest took {ingestTime}");
        await WaitUntilAsync(() => stalled.Missed == 1990);
        Assert.Equal(Enumerable.Range(1990, 10).Select(i => $"event {i}"), await ReadAsync(stalled, 10));
    }

    [Fact]
    public async Task An_expensive_filter_does_not_hold_up_the_writer()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var feed = host.Get<ILiveLogFeed>();
        // Property comparisons parse every event's JSON; a hundred of them on every event.
        var subscriptions = Enumerable.Range(0, 100).Select(i => feed.Subscribe(LogQuery.Parse($"N>{i} N<5000 -source:nothing"), capacity: 100)).ToList();
        var ingestor = host.Get<IIngestor>();

        var clock = Stopwatch.StartNew();
        await ingestor.IngestAsync(Enumerable.Range(0, 5000).Select(i => Event(i)).ToArray(), IngestContext.Anonymous, CancellationToken.None);
        var committed = clock.Elapsed;

        // The commit is answered before the dispatcher has filtered everything for every subscriber.
        Assert.True(committed < TimeSpan.FromSeconds(5), $"ingest waited {committed}");
        foreach (var s in subscriptions) s.Dispose();
    }

    private static async Task<List<string>> ReadAsync(ILiveSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var messages = new List<string>();
        while (messages.Count < count) messages.Add((await subscription.Reader.ReadAsync(timeout.Token)).Message);
        return messages;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
