using System.Diagnostics;
using AiLogger.Domain.Alerts;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Traces;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Live;

/// <summary>
/// Live fan-out between two nodes through a Redis the test starts itself: each node's commits reach the other's
/// subscribers once and in order, its own subscribers once; an outage pauses only the fan-out, and it heals by itself.
/// (Two hosts on their own SQLite files: the fan-out does not care where the events are stored.)
/// </summary>
public sealed class RedisFanOutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static LogEvent Event(string run, int i) => new()
    {
        Timestamp = DateTimeOffset.UtcNow, Level = i % 5 == 0 ? LogLevel.Error : LogLevel.Information, Message = $"{run} event {i}",
        Source = "fanout", PropertiesJson = $$"""{"N":{{i}},"Run":"{{run}}"}""", Tags = ["t" + (i % 3)],
    };

    private static Task<InfrastructureHost> NodeAsync(RedisServer redis) =>
        InfrastructureHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.Configuration });

    [SkippableFact]
    public async Task Events_committed_on_one_node_reach_the_other_nodes_subscribers_once_in_commit_order()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await NodeAsync(redis);
        await using var b = await NodeAsync(redis);
        await ConnectedAsync(a, b);

        using var onB = b.Get<ILiveLogFeed>().Subscribe(LogQuery.Parse("Run:one"), capacity: 10_000);
        using var errorsOnB = b.Get<ILiveLogFeed>().Subscribe(LogQuery.Parse("Run:one level:error"), capacity: 10_000);
        using var onA = a.Get<ILiveLogFeed>().Subscribe(LogQuery.Parse("Run:one"), capacity: 10_000);
        var ingestor = a.Get<IIngestor>();
        for (var batch = 0; batch < 20; batch++)
            await ingestor.IngestAsync(Enumerable.Range(batch * 50, 50).Select(i => Event("one", i)).ToArray(), IngestContext.Anonymous, CancellationToken.None);

        var expected = Enumerable.Range(0, 1000).Select(i => $"one event {i}").ToList();
        var received = await ReadAsync(onB, 1000);
        Assert.Equal(expected, received.Select(e => e.Message));
        // Everything of the event travels: ids, level, properties, tags.
        Assert.All(received, e => Assert.True(e.Id > 0));
        Assert.Equal(received.Select(e => e.Id).Order(), received.Select(e => e.Id));
        Assert.Equal("""{"N":7,"Run":"one"}""", received[7].PropertiesJson);
        Assert.Equal(["t1"], received[7].Tags);
        Assert.Equal(Enumerable.Range(0, 1000).Where(i => i % 5 == 0).Select(i => $"one event {i}"), (await ReadAsync(errorsOnB, 200)).Select(e => e.Message));
        // A's own subscriber hears its commits once, not again from Redis.
        Assert.Equal(expected, (await ReadAsync(onA, 1000)).Select(e => e.Message));
        await Task.Delay(500);
        Assert.False(onA.Reader.TryRead(out var twice), $"delivered twice on the committing node: {twice?.Message}");
        Assert.False(onB.Reader.TryRead(out var extra), $"delivered twice on the other node: {extra?.Message}");
        Assert.Equal(0, onB.Missed);
    }

    [SkippableFact]
    public async Task Spans_and_alert_notifications_reach_the_other_node()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await NodeAsync(redis);
        await using var b = await NodeAsync(redis);
        await ConnectedAsync(a, b);

        var spans = new List<Span>();
        using var spanFeed = b.Get<ITraceFeed>().Subscribe(committed => { lock (spans) spans.AddRange(committed); });
        using var notifications = b.Get<IAlertNotificationFeed>().Subscribe();
        var traceId = new string('a', 32);
        await a.Get<IIngestor>().IngestAsync(new IngestBatch([], Enumerable.Range(0, 3).Select(i => new Span
        {
            TraceId = traceId, SpanId = $"{i + 1:x16}", Name = $"step {i}", Service = "svc", StartUnixNano = 1_700_000_000_000_000_000 + i,
            EndUnixNano = 1_700_000_000_000_000_000 + i + 1_000_000, Kind = SpanKind.Server, Status = SpanStatus.Ok,
        }).ToArray()), IngestContext.Anonymous, CancellationToken.None);
        a.Get<IAlertNotificationFeed>().Publish(new AlertNotification
        {
            Kind = AlertNotification.Fired,
            At = DateTimeOffset.UtcNow,
            Alert = new AlertInstance { Id = 42, RuleName = "Errors spike", Kind = AlertKinds.Logs, Condition = "count > 10", Value = double.NaN, Threshold = 10 },
        });

        using var timeout = new CancellationTokenSource(Patience);
        var notification = await notifications.Reader.ReadAsync(timeout.Token);
        Assert.Equal((42L, "Errors spike", AlertNotification.Fired), (notification.Alert.Id, notification.Alert.RuleName, notification.Kind));
        Assert.True(double.IsNaN(notification.Alert.Value));
        await WaitUntilAsync(() => { lock (spans) return spans.Count >= 3; }, "the spans reach node B");
        lock (spans) Assert.Equal(["step 0", "step 1", "step 2"], spans.Select(s => s.Name));
        Assert.All(spans, s => Assert.Equal((traceId, "svc", 1.0), (s.TraceId, s.Service, s.DurationMs)));
    }

    [SkippableFact]
    public async Task A_Redis_outage_pauses_only_the_fan_out_and_it_resumes_by_itself()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await NodeAsync(redis);
        await using var b = await NodeAsync(redis);
        await ConnectedAsync(a, b);
        using var onB = b.Get<ILiveLogFeed>().Subscribe(LogQuery.All, capacity: 10_000);
        using var onA = a.Get<ILiveLogFeed>().Subscribe(LogQuery.All, capacity: 10_000);
        var ingestor = a.Get<IIngestor>();
        await ingestor.IngestAsync(Enumerable.Range(0, 10).Select(i => Event("before", i)).ToArray(), IngestContext.Anonymous, CancellationToken.None);
        Assert.Equal(10, (await ReadAsync(onB, 10)).Count);

        redis.Stop();
        var status = b.Get<ILiveFanOutStatus>();
        await WaitUntilAsync(() => status.Paused && a.Get<ILiveFanOutStatus>().Paused, "both nodes notice the outage");
        Assert.Contains("Redis", status.Reason);
        Assert.Contains("unreachable", status.Reason);

        // Ingestion neither waits for Redis nor fails; the committing node's own views still get everything.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
            await ingestor.IngestAsync(Enumerable.Range(i * 10, 10).Select(n => Event("during", n)).ToArray(), IngestContext.Anonymous, CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"ingest during the outage took {clock.Elapsed}");
        Assert.Equal(60, (await ReadAsync(onA, 60)).Count);

        await redis.StartAgainAsync();
        await ConnectedAsync(a, b);
        await ingestor.IngestAsync(Enumerable.Range(0, 10).Select(i => Event("after", i)).ToArray(), IngestContext.Anonymous, CancellationToken.None);
        // B resumes with the new events, and counts those it never got as missed.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"after event {i}"), (await ReadAsync(onB, 10)).Select(e => e.Message));
        Assert.Equal(50, onB.Missed);
    }

    private static async Task ConnectedAsync(params InfrastructureHost[] nodes)
    {
        await WaitUntilAsync(() => nodes.All(n => !n.Get<ILiveFanOutStatus>().Paused), "every node connects to Redis");
        // A subscription is sent just after the connection; give it a moment to be in place on the server.
        await Task.Delay(300);
    }

    private static async Task<List<LogEvent>> ReadAsync(ILiveSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var events = new List<LogEvent>();
        try
        {
            while (events.Count < count) events.Add(await subscription.Reader.ReadAsync(timeout.Token));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"received {events.Count} of {count} events within {Patience.TotalSeconds} s");
        }
        return events;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
