using AiLogger.Domain.Ingest;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Persistence.Sqlite;
using AiLogger.Infrastructure.Storage;
using AiLogger.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Infrastructure;

/// <summary>The writer, keyword index, rollups, search and retention against a real SQLite file.</summary>
public sealed class LogStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private static LogEvent Event(int i, string message, LogLevel level = LogLevel.Information, string? source = "api", DateTimeOffset? at = null) => new()
    {
        Timestamp = at ?? Start.AddSeconds(i),
        Level = level,
        Message = message,
        Source = source,
        PropertiesJson = $$"""{"Index":{{i}}}""",
    };

    [Fact]
    public async Task Committed_events_get_increasing_ids_and_are_found_by_keyword()
    {
        await using var host = await InfrastructureHost.StartAsync();
        var ingestor = host.Get<IIngestor>();

        await ingestor.IngestAsync([Event(1, "alpha beta"), Event(2, "beta gamma")], IngestContext.Anonymous, CancellationToken.None);
        await ingestor.IngestAsync([Event(3, "gamma delta")], IngestContext.Anonymous, CancellationToken.None);

        var search = host.Get<ILogSearch>();
        var beta = await search.SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("beta") }, CancellationToken.None);
        Assert.Equal(["beta gamma", "alpha beta"], beta.Events.Select(e => e.Message));
        var all = await search.SearchAsync(new LogSearchRequest(), CancellationToken.None);
        Assert.Equal([3L, 2L, 1L], all.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Rollups_count_events_per_minute_source_and_level()
    {
        var clock = new FakeTimeProvider(Start.AddMinutes(30));
        await using var host = await InfrastructureHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var ingestor = host.Get<IIngestor>();
        var events = Enumerable.Range(0, 90).Select(i => Event(i, "tick", i % 3 == 0 ? LogLevel.Error : LogLevel.Information)).ToArray();

        await ingestor.IngestAsync(events, IngestContext.Anonymous, CancellationToken.None);

        var overview = await host.Get<ILogStatistics>().GetOverviewAsync(CancellationToken.None);
        Assert.Equal(90, overview.TotalEvents);
        Assert.Equal(90, overview.EventsToday);
        Assert.Equal(30, overview.ErrorsLastHour);
        Assert.Equal(90, overview.LastDay.Sum(b => b.Total));
        Assert.True(overview.DatabaseBytes > 0);
    }

    [SkippableFact]
    public async Task Retention_deletes_old_events_with_their_index_entries_and_rollups()
    {
        SqliteOnly.Require("PostgresRetentionTests");
        var clock = new FakeTimeProvider(Start.AddDays(40));
        await using var host = await InfrastructureHost.StartAsync(
            new Dictionary<string, string?> { ["AiLogger:Retention:Days"] = "30", ["AiLogger:Retention:BatchSize"] = "7" },
            s => s.AddSingleton<TimeProvider>(clock));
        var ingestor = host.Get<IIngestor>();
        var old = Enumerable.Range(0, 25).Select(i => Event(i, "ancient history")).ToArray();
        var recent = Enumerable.Range(100, 5).Select(i => Event(i, "recent history", at: Start.AddDays(39))).ToArray();
        await ingestor.IngestAsync(old.Concat(recent).ToArray(), IngestContext.Anonymous, CancellationToken.None);

        var deleted = await host.Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(25, deleted);
        var search = host.Get<ILogSearch>();
        Assert.Empty((await search.SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("ancient") }, CancellationToken.None)).Events);
        Assert.Equal(5, (await search.SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("history") }, CancellationToken.None)).Events.Count);
        Assert.Equal(5, (await host.Get<ILogStatistics>().GetOverviewAsync(CancellationToken.None)).TotalEvents);

        await using var connection = host.Get<SqliteDatabase>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM log_events_fts WHERE log_events_fts MATCH 'ancient'";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Live_subscribers_receive_events_after_commit_with_their_ids()
    {
        await using var host = await InfrastructureHost.StartAsync();
        using var subscription = host.Get<ILiveLogFeed>().Subscribe(LogQuery.Parse("level>=warning"));

        await host.Get<IIngestor>().IngestAsync(
            [Event(1, "fine"), Event(2, "worse", LogLevel.Warning), Event(3, "worst", LogLevel.Fatal)], IngestContext.Anonymous, CancellationToken.None);

        var received = new List<LogEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (received.Count < 2) received.Add(await subscription.Reader.ReadAsync(timeout.Token));
        Assert.Equal(["worse", "worst"], received.Select(e => e.Message));
        Assert.All(received, e => Assert.True(e.Id > 0));
        var stored = await host.Get<ILogSearch>().GetAsync(received[0].Id, CancellationToken.None);
        Assert.Equal("worse", stored!.Message);
    }

    [Fact]
    public async Task Drop_filters_and_key_processing_apply_before_the_queue()
    {
        await using var host = await InfrastructureHost.StartAsync(
            new Dictionary<string, string?> { ["AiLogger:Ingest:DropFilters:0"] = "source:health level<warning" });
        var context = new IngestContext
        {
            ApiKeyId = null,
            MinimumLevel = LogLevel.Debug,
            AppliedProperties = new Dictionary<string, string> { ["Team"] = "payments" },
        };

        var result = await host.Get<IIngestor>().IngestAsync(
        [
            Event(1, "probe ok", source: "health"),
            Event(2, "probe failed", LogLevel.Error, source: "health"),
            Event(3, "noise", LogLevel.Verbose),
            Event(4, "kept"),
        ], context, CancellationToken.None);

        Assert.Equal(new IngestResult(4, 2), result);
        var stored = (await host.Get<ILogSearch>().SearchAsync(new LogSearchRequest(), CancellationToken.None)).Events;
        Assert.Equal(["kept", "probe failed"], stored.Select(e => e.Message));
        Assert.All(stored, e => Assert.Contains("\"Team\":\"payments\"", e.PropertiesJson));
    }
}
