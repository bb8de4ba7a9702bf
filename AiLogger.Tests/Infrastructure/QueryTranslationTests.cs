using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Infrastructure;

/// <summary>
/// Every query means the same in SQL as in memory: the search over a real SQLite file returns exactly the
/// events the in-memory matcher picks from the same generated set.
/// </summary>
public sealed class QueryTranslationTests : IAsyncLifetime
{
    private InfrastructureHost _host = default!;
    private List<LogEvent> _events = [];

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync();
        var generated = QueryCorpus.Events();
        await _host.Get<IIngestor>().IngestAsync(generated, IngestContext.Anonymous, CancellationToken.None);
        _events = generated;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly string[] QueryTexts = QueryCorpus.Queries;

    public static TheoryData<string> Queries => new(QueryTexts);

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Sql_search_and_in_memory_matcher_agree(string text)
    {
        var query = LogQuery.Parse(text);
        var expected = _events.Where(query.Matches).Select(e => e.Message).OrderBy(m => m).ToList();

        var page = await _host.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = query, Limit = LogSearchRequest.MaxLimit }, CancellationToken.None);
        var actual = page.Events.Select(e => e.Message).OrderBy(m => m).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_generated_set_exercises_every_query_both_ways()
    {
        foreach (var text in QueryTexts)
        {
            var matches = _events.Count(LogQuery.Parse(text).Matches);
            Assert.True(matches > 0 && matches < _events.Count, $"'{text}' matches {matches} of {_events.Count}: make the data tell more apart");
        }
    }
}
