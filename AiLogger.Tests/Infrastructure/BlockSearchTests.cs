using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Infrastructure;

/// <summary>
/// The newest-first walk over id blocks returns exactly the brute-force order, page after page, also when late
/// events make blocks overlap in time and with time bounds.
/// </summary>
public sealed class BlockSearchTests : IAsyncLifetime
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "omega"];
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private InfrastructureHost _blocks = default!;
    private InfrastructureHost _direct = default!;
    private List<LogEvent> _events = [];

    public async Task InitializeAsync()
    {
        var random = new Random(11);
        _events = Enumerable.Range(0, 12_000).Select(i => new LogEvent
        {
            // Mostly in arrival order; one in twenty arrives up to a day late, so blocks overlap in time.
            Timestamp = Start.AddSeconds(i * 10 - (random.Next(20) == 0 ? random.Next(86_400) : 0)),
            Level = (LogLevel)random.Next(6),
            Message = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Words[random.Next(Words.Length)])) + $" n{i}",
            Source = $"s{random.Next(3)}",
        }).ToList();
        // Every keyword search walks blocks in one store and reads all matches in the other.
        _blocks = await InfrastructureHost.StartAsync(new Dictionary<string, string?> { ["AiLogger:Search:RareWordDocuments"] = "0" });
        _direct = await InfrastructureHost.StartAsync(new Dictionary<string, string?> { ["AiLogger:Search:RareWordDocuments"] = "1000000" });
        foreach (var host in new[] { _blocks, _direct })
            foreach (var chunk in _events.Chunk(2_000))
                await host.Get<IIngestor>().IngestAsync(chunk, IngestContext.Anonymous, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _blocks.DisposeAsync();
        await _direct.DisposeAsync();
    }

    [Theory]
    [InlineData("alpha", null, null)]
    [InlineData("alpha beta", null, null)]
    [InlineData("\"beta gamma\"", null, null)]
    [InlineData("omega level>=warning", null, null)]
    [InlineData("delta OR gamma -source:s1", null, null)]
    [InlineData("alpha", "2026-11-01T06:00:00Z", "2026-11-01T20:00:00Z")]
    public async Task Paging_through_a_keyword_search_gives_the_brute_force_order(string text, string? from, string? to)
    {
        var query = LogQuery.Parse(text);
        DateTimeOffset? fromTime = from is null ? null : DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset? toTime = to is null ? null : DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture);
        var expected = _events
            .Where(e => query.Matches(e) && (fromTime is null || e.Timestamp >= fromTime) && (toTime is null || e.Timestamp < toTime))
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Message)
            .Select(e => e.Message).ToList();
        Assert.True(expected.Count > 300, "the query should span several pages");

        foreach (var host in new[] { _blocks, _direct })
        {
            var search = host.Get<ILogSearch>();
            var actual = new List<string>();
            LogCursor? cursor = null;
            do
            {
                var page = await search.SearchAsync(new LogSearchRequest { Query = query, From = fromTime, To = toTime, Limit = 100, Before = cursor }, CancellationToken.None);
                actual.AddRange(page.Events.Select(e => e.Message));
                cursor = page.Next;
            } while (cursor is not null);

            // Same timestamp: newer id first, and ids follow the order above within a timestamp only by chance; compare as sets per timestamp.
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Order(), actual.Order());
            Assert.Equal(
                _events.Where(e => expected.Contains(e.Message)).OrderByDescending(e => e.Timestamp).Select(e => e.Timestamp),
                actual.Select(m => _events.First(e => e.Message == m).Timestamp));
        }
    }
}
