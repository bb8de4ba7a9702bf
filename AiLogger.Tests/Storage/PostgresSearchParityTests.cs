using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Storage;

/// <summary>
/// The same events in SQLite (through the real writer) and in PostgreSQL: every query of the language's corpus finds
/// the same events in the same order on both, page by page, and counts, groups and histograms agree.
/// </summary>
public sealed class PostgresSearchParityTests(PostgresSearchParityTests.Stores stores) : IClassFixture<PostgresSearchParityTests.Stores>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Both stores, filled once for the class; none when no PostgreSQL server answers (the tests then skip).</summary>
    public sealed class Stores : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public InfrastructureHost? Sqlite { get; private set; }

        public PostgresTestStore? Postgres { get; private set; }

        public async Task InitializeAsync()
        {
            if (!TestStorage.PostgresAvailable()) return;
            var events = QueryCorpus.Events().Concat(Extra()).ToList();
            var clock = new FakeTimeProvider(Now);
            Sqlite = await InfrastructureHost.StartAsync(
                new Dictionary<string, string?>
                {
                    ["AiLogger:Storage:Provider"] = "Sqlite",
                    ["ConnectionStrings:AiLogger"] = $"Data Source={_directory.File("parity.db")}",
                },
                s => s.AddSingleton<TimeProvider>(clock));
            await Sqlite.Get<IIngestor>().IngestAsync(events.ToArray(), IngestContext.Anonymous, CancellationToken.None);
            Postgres = await PostgresTestStore.CreateAsync(services: s => s.AddSingleton<TimeProvider>(clock));
            await Postgres.InsertAsync(events);
        }

        public async Task DisposeAsync()
        {
            if (Sqlite is not null) await Sqlite.DisposeAsync();
            if (Postgres is not null) await Postgres.DisposeAsync();
            _directory.Dispose();
        }
    }

    /// <summary>Beyond the corpus: span ids, equal timestamps, phrases across message and exception, text that looks like numbers.</summary>
    private static IEnumerable<LogEvent> Extra()
    {
        var at = new DateTimeOffset(2026, 11, 1, 3, 30, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
            yield return new LogEvent
            {
                Timestamp = at.AddSeconds(i / 4),
                Level = (LogLevel)(i % 6),
                Message = i % 2 == 0 ? $"Checkout step{i} done" : $"checkout retry timeout-{i}",
                Exception = i % 3 == 0 ? "refused connection at gateway" : null,
                Source = i % 2 == 0 ? "Api.Gateway" : "api_gateway",
                SpanId = $"{0xabcd00 + i:x8}",
                TraceId = i % 4 == 0 ? "ABCDEF0123" : null,
                PropertiesJson = i % 2 == 0 ? "{\"code\":\"50" + i + "\",\"Index\":\"x" + i + "\",\"nested\":{\"deep\":{\"n\":" + i + "}}}" : $$$"""{"code":50{{{i}}},"tags":["a"]}""",
                Tags = i % 3 == 0 ? ["Critical", "billing"] : [],
            };
    }

    private static readonly string[] ExtraQueries =
    [
        "span:00abcd03", "span:00ABCD0*", "trace:abcdef0123", "checkout", "checkout step*", "\"checkout step\"*", "\"done refused\"",
        "\"refused connection\" checkout", "source:api.gateway", "source:API_*", "code:503", "code>503", "code:50*",
        "Index:x2", "Index>x1", "nested.deep.n>=6", "has:nested.deep", "tag:CRITICAL", "tag:bill*", "timeout-3", "\"timeout 3\"",
        "NOT checkout", "checkout OR level:fatal", "-(source:api_gateway OR has:exception) checkout",
    ];

    public static TheoryData<string> Queries => new(QueryCorpus.Queries.Concat(ExtraQueries));

    [SkippableTheory]
    [MemberData(nameof(Queries))]
    public async Task A_query_finds_the_same_events_in_the_same_order_on_both(string text)
    {
        ScaleOut.RequirePostgres();
        var request = new LogSearchRequest { Query = LogQuery.Parse(text), Limit = LogSearchRequest.MaxLimit };

        var expected = await IdsAsync(stores.Sqlite!.Get<ILogSearch>(), request);
        var actual = await IdsAsync(stores.Postgres!.Get<ILogSearch>(), request);

        // The one query meant to find nothing: a phrase does not run from the message into the exception.
        if (text != "\"done refused\"") Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [SkippableTheory]
    [InlineData("", null, null)]
    [InlineData("timeout", null, null)]
    [InlineData("\"connection refused\" OR checkout", null, null)]
    [InlineData("level>=warning", "2026-11-01T01:00:00Z", "2026-11-01T05:00:00Z")]
    [InlineData("pay*", "2026-11-01T02:00:00Z", null)]
    public async Task Paging_with_cursors_walks_the_same_events_on_both(string text, string? from, string? to)
    {
        ScaleOut.RequirePostgres();
        var query = LogQuery.Parse(text);
        DateTimeOffset? fromTime = from is null ? null : DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset? toTime = to is null ? null : DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture);

        async Task<List<long>> Walk(ILogSearch search)
        {
            var ids = new List<long>();
            LogCursor? cursor = null;
            do
            {
                var page = await search.SearchAsync(new LogSearchRequest { Query = query, From = fromTime, To = toTime, Limit = 7, Before = cursor }, CancellationToken.None);
                Assert.True(page.Events.Count <= 7);
                ids.AddRange(page.Events.Select(e => e.Id));
                cursor = page.Next;
            } while (cursor is not null);
            return ids;
        }

        var expected = await Walk(stores.Sqlite!.Get<ILogSearch>());
        Assert.True(expected.Count > 14, "the query should span several pages");
        Assert.Equal(expected, await Walk(stores.Postgres!.Get<ILogSearch>()));
    }

    [SkippableFact]
    public async Task An_event_read_by_id_and_the_events_after_an_id_are_the_same_on_both()
    {
        ScaleOut.RequirePostgres();
        var sqlite = stores.Sqlite!.Get<ILogSearch>();
        var postgres = stores.Postgres!.Get<ILogSearch>();
        foreach (var id in new long[] { 1, 57, 404, 412 })
            Assert.Equivalent(await sqlite.GetAsync(id, CancellationToken.None), await postgres.GetAsync(id, CancellationToken.None), strict: true);
        Assert.Null(await postgres.GetAsync(100_000, CancellationToken.None));

        var query = LogQuery.Parse("checkout OR level:error");
        Assert.Equal(
            (await sqlite.AfterAsync(query, 300, 50, CancellationToken.None)).Select(e => e.Id),
            (await postgres.AfterAsync(query, 300, 50, CancellationToken.None)).Select(e => e.Id));
    }

    [SkippableTheory]
    [InlineData("", "level", "01:00:00")]
    [InlineData("source:pay*", "source", "00:10:00")]
    [InlineData("level>=warning -source:health", "source", "00:00:30")]
    [InlineData("timeout", "tag", "00:15:00")]
    [InlineData("has:exception OR tag:critical", "status_code", "00:07:00")]
    [InlineData("duration_ms>100", "type", null)]
    public async Task Counts_groups_top_values_and_histograms_agree(string text, string groupBy, string? interval)
    {
        ScaleOut.RequirePostgres();
        var request = new LogAggregateRequest
        {
            Query = LogQuery.Parse(text),
            // Edges inside minutes and hours: the rollups answer the middle, the events the edges.
            From = new DateTimeOffset(2026, 11, 1, 0, 3, 20, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 1, 6, 17, 40, TimeSpan.Zero),
            GroupBy = groupBy,
            Interval = interval is null ? null : TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
            Top = ["source", "http.method", "tag"],
        };

        var expected = await stores.Sqlite!.Get<ILogAggregator>().AggregateAsync(request, CancellationToken.None);
        var actual = await stores.Postgres!.Get<ILogAggregator>().AggregateAsync(request, CancellationToken.None);

        Assert.True(expected.Total > 0);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Groups, actual.Groups);
        Assert.Equal(expected.Top.Keys.Order(), actual.Top.Keys.Order());
        foreach (var (field, values) in expected.Top) Assert.Equal(values, actual.Top[field]);
        Assert.Equal(expected.Histogram.Select(b => (b.Start, string.Join(',', b.Counts.OrderBy(c => c.Key)))),
            actual.Histogram.Select(b => (b.Start, string.Join(',', b.Counts.OrderBy(c => c.Key)))));
    }

    [SkippableFact]
    public async Task Overview_and_api_statistics_agree()
    {
        ScaleOut.RequirePostgres();
        var expected = await stores.Sqlite!.Get<ILogStatistics>().GetOverviewAsync(CancellationToken.None);
        var actual = await stores.Postgres!.Get<ILogStatistics>().GetOverviewAsync(CancellationToken.None);
        Assert.True(expected.TotalEvents > 400);
        Assert.Equal((expected.TotalEvents, expected.EventsToday, expected.ErrorsLastHour), (actual.TotalEvents, actual.EventsToday, actual.ErrorsLastHour));
        Assert.Equal(expected.LastDay.Select(b => (b.Start, b.Total)), actual.LastDay.Select(b => (b.Start, b.Total)));

        var api = await stores.Sqlite.Get<ILogStatistics>().GetApiStatisticsAsync(24, CancellationToken.None);
        var pgApi = await stores.Postgres.Get<ILogStatistics>().GetApiStatisticsAsync(24, CancellationToken.None);
        Assert.True(api.TotalRequests > 0);
        Assert.Equivalent(api, pgApi, strict: true);
    }

    private static async Task<List<long>> IdsAsync(ILogSearch search, LogSearchRequest request) =>
        (await search.SearchAsync(request, CancellationToken.None)).Events.Select(e => e.Id).ToList();
}
