using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Storage;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Storage;

/// <summary>Retention by kind, source and level, and the size limit, with the clock under the test's control on a real database.</summary>
public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static LogEvent Event(string message, LogLevel level, string source, double daysAgo, string? blob = null) => new()
    {
        Timestamp = Now.AddDays(-daysAgo),
        Level = level,
        Message = message,
        Source = source,
        PropertiesJson = blob is null ? null : $$"""{"Blob":"{{blob}}"}""",
    };

    private static readonly RetentionPolicy Policy = new()
    {
        EventDays = 30,
        Rules =
        [
            new RetentionRule { Levels = [LogLevel.Debug], Days = 3 },
            new RetentionRule { Levels = [LogLevel.Error, LogLevel.Fatal], Days = 90 },
            new RetentionRule { Source = "health*", Days = 1 },
        ],
        PredictionDays = 10,
        AlertDays = 90,
    };

    private static async Task<InfrastructureHost> StartAsync(int batch = 3) =>
        await InfrastructureHost.StartAsync(new Dictionary<string, string?> { ["AiLogger:Retention:BatchSize"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

    [Fact]
    public async Task Events_are_kept_by_the_first_rule_they_match_else_the_default()
    {
        await using var host = await StartAsync();
        await host.Get<IIngestor>().IngestAsync(
        [
            Event("debug five days old", LogLevel.Debug, "api", 5),
            Event("debug two days old", LogLevel.Debug, "api", 2),
            Event("info five days old", LogLevel.Information, "api", 5),
            Event("info forty days old", LogLevel.Information, "api", 40),
            Event("error forty days old", LogLevel.Error, "api", 40),
            Event("error hundred days old", LogLevel.Error, "api", 100),
            Event("health info two days old", LogLevel.Information, "health-check", 2),
            Event("health info an hour old", LogLevel.Information, "health-check", 1 / 24.0),
            Event("health debug two days old", LogLevel.Debug, "health-check", 2),
        ], IngestContext.Anonymous, CancellationToken.None);
        Assert.Empty(await host.Get<IRetentionSettingsStore>().SaveAsync(Policy, "test", CancellationToken.None));

        var preview = await host.Get<IStorageStatistics>().PreviewAsync(Policy, CancellationToken.None);
        var deleted = await host.Get<RetentionJob>().RunAsync(CancellationToken.None);

        var left = (await host.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = LogQuery.All, Limit = 100 }, CancellationToken.None))
            .Events.Select(e => e.Message).Order().ToList();
        Assert.Equal(
        [
            "debug two days old", "error forty days old", "health debug two days old", "health info an hour old", "info five days old",
        ], left);
        Assert.Equal(4, deleted);
        Assert.Equal(4, preview.Events);
        // Debug (3 days), errors (90 days), health (1 day), the rest (30 days).
        Assert.Equal([1, 1, 1, 1], preview.Lines.Take(4).Select(l => l.Deleted));
        // The per-minute counts follow the events, so histograms and totals still add up.
        var counts = await host.Get<ILogAggregator>().AggregateAsync(new LogAggregateRequest { GroupBy = "level" }, CancellationToken.None);
        Assert.Equal(5, counts.Total);
        Assert.Equal(2, counts.Groups.Single(g => g.Value == "Debug").Count);
        // The keyword index lost them too.
        Assert.Empty((await host.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("hundred") }, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task Predictions_older_than_their_days_are_deleted()
    {
        await using var host = await StartAsync();
        await host.Get<IModelCatalog>().SaveAsync(new ModelDefinition { Name = "m", Classes = ["a", "b"] }, CancellationToken.None);
        await host.Get<IPredictionIngestor>().AddPredictionsAsync("m",
        [
            new Prediction { ItemId = "old", Predicted = "a", Timestamp = Now.AddDays(-20) },
            new Prediction { ItemId = "new", Predicted = "b", Timestamp = Now.AddDays(-2) },
        ], CancellationToken.None);
        await host.Get<IRetentionSettingsStore>().SaveAsync(Policy, "test", CancellationToken.None);

        Assert.Equal(1, (await host.Get<IStorageStatistics>().PreviewAsync(Policy, CancellationToken.None)).Predictions);
        await host.Get<RetentionJob>().RunAsync(CancellationToken.None);

        var report = await host.Get<IStorageStatistics>().ReportAsync(CancellationToken.None);
        Assert.Equal(1, report.Kinds.Single(k => k.Kind == StorageKinds.Predictions).Items);
    }

    [SkippableFact]
    public async Task Past_the_size_limit_the_oldest_events_go_first_whatever_the_rules()
    {
        SqliteOnly.Require("PostgresRetentionTests");
        await using var host = await StartAsync(batch: 500);
        var blob = new string('x', 2_000);
        for (var batch = 0; batch < 12; batch++)
            await host.Get<IIngestor>().IngestAsync(
                Enumerable.Range(0, 1_000).Select(i => Event($"sized {batch} {i}", LogLevel.Error, "api", 20 - batch - i / 1000.0, blob)).ToList(),
                IngestContext.Anonymous, CancellationToken.None);
        var store = host.Get<IRetentionSettingsStore>();
        var limit = RetentionPolicy.MinDatabaseBytes;
        await store.SaveAsync(new RetentionPolicy { EventDays = 0, AlertDays = 90, MaxDatabaseBytes = limit }, "test", CancellationToken.None);
        var before = await host.Get<IStorageStatistics>().ReportAsync(CancellationToken.None);
        Assert.True(before.UsedBytes > limit, $"{before.UsedBytes:N0} bytes are not over the limit");

        var deleted = await host.Get<RetentionJob>().RunAsync(CancellationToken.None);

        var after = await host.Get<IStorageStatistics>().ReportAsync(CancellationToken.None);
        Assert.True(after.UsedBytes <= limit, $"{after.UsedBytes:N0} bytes left, limit {limit:N0}");
        Assert.True(deleted > 0);
        var events = after.Kinds.Single(k => k.Kind == StorageKinds.Events);
        Assert.Equal(12_000 - deleted, events.Items);
        // What is left is the newest: the newest event is there, the oldest is gone, and no survivor is older than the first one deleted.
        var newest = (await host.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("sized"), Limit = 1 }, CancellationToken.None)).Events.Single();
        Assert.Equal("sized 11 999", newest.Message);
        Assert.Empty((await host.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = LogQuery.Parse("\"sized 0 0\"") }, CancellationToken.None)).Events);
        Assert.True(events.Oldest > Now.AddDays(-20));
    }

    [Fact]
    public async Task Configuration_gives_the_policy_until_an_admin_saves_one()
    {
        await using var host = await InfrastructureHost.StartAsync(new Dictionary<string, string?>
        {
            ["AiLogger:Retention:Days"] = "14",
            ["AiLogger:Retention:Rules:0:Levels:0"] = "debug",
            ["AiLogger:Retention:Rules:0:Days"] = "2",
            ["AiLogger:Alerts:HistoryDays"] = "30",
        });
        var store = host.Get<IRetentionSettingsStore>();

        var configured = await store.GetAsync(CancellationToken.None);
        Assert.True(configured.FromConfiguration);
        Assert.Equal(14, configured.Policy.EventDays);
        Assert.Equal(LogLevel.Debug, configured.Policy.Rules.Single().Levels.Single());
        Assert.Equal(30, configured.Policy.AlertDays);

        var errors = await store.SaveAsync(configured.Policy with { EventDays = -1 }, "admin", CancellationToken.None);
        Assert.Contains("eventDays", errors.Keys);
        await store.SaveAsync(configured.Policy with { EventDays = 7 }, "admin@x", CancellationToken.None);
        var saved = await store.GetAsync(CancellationToken.None);
        Assert.False(saved.FromConfiguration);
        Assert.Equal(7, saved.Policy.EventDays);
        Assert.Equal("admin@x", saved.UpdatedBy);

        await store.ResetAsync(CancellationToken.None);
        Assert.True((await store.GetAsync(CancellationToken.None)).FromConfiguration);
    }

    [Fact]
    public async Task Spans_are_kept_as_long_as_events_and_counted_on_the_storage_report()
    {
        await using var host = await StartAsync(batch: 2);
        AiLogger.Domain.Traces.Span Span(string trace, string span, double daysAgo) => new()
        {
            TraceId = trace, SpanId = span, Name = "work", Service = "api",
            StartUnixNano = AiLogger.Domain.Traces.SpanTime.ToUnixNano(Now.AddDays(-daysAgo)),
            EndUnixNano = AiLogger.Domain.Traces.SpanTime.ToUnixNano(Now.AddDays(-daysAgo).AddSeconds(1)),
        };
        var old = new string('a', 32);
        var recent = new string('b', 32);
        await host.Get<IIngestor>().IngestAsync(new IngestBatch([],
        [
            Span(old, "000000000000000a", 40), Span(old, "000000000000000b", 40), Span(old, "000000000000000c", 40),
            Span(recent, "000000000000000d", 2),
        ]), IngestContext.Anonymous, CancellationToken.None);
        Assert.Empty(await host.Get<IRetentionSettingsStore>().SaveAsync(Policy, "test", CancellationToken.None));

        var before = await host.Get<IStorageStatistics>().ReportAsync(CancellationToken.None);
        Assert.Equal(4, before.Kinds.Single(k => k.Kind == StorageKinds.Spans).Items);
        Assert.Equal(3, (await host.Get<IStorageStatistics>().PreviewAsync(Policy, CancellationToken.None)).Spans);

        await host.Get<RetentionJob>().RunAsync(CancellationToken.None);
        var traces = host.Get<AiLogger.Domain.Traces.ITraceStore>();
        Assert.Null(await traces.GetAsync(old, CancellationToken.None));
        Assert.Single((await traces.GetAsync(recent, CancellationToken.None))!.Spans);
        var page = await traces.SearchAsync(new AiLogger.Domain.Traces.TraceSearchRequest(), CancellationToken.None);
        Assert.Equal(recent, Assert.Single(page.Traces).TraceId);
        Assert.Equal(1, (await host.Get<IStorageStatistics>().ReportAsync(CancellationToken.None)).Kinds.Single(k => k.Kind == StorageKinds.Spans).Items);
    }
}
