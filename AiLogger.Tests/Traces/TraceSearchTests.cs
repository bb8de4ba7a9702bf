using AiLogger.Domain.Ingest;
using AiLogger.Domain.Traces;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Traces;

/// <summary>The trace list over a real database: paging by trace start, whatever order spans arrive in and however many match.</summary>
public sealed class TraceSearchTests
{
    private static readonly long Base = SpanTime.ToUnixNano(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("service:shop", 300)]
    [InlineData("service:shop status:error", 100)]
    [InlineData("step", 300)]
    [InlineData("", 300)]
    public async Task Pages_list_every_matching_trace_once_newest_start_first(string query, int expected)
    {
        await using var host = await InfrastructureHost.StartAsync();
        var random = new Random(3);
        var order = Enumerable.Range(0, 300).OrderBy(_ => random.Next()).ToList();
        // Traces of 6 spans that overlap in time, sent in shuffled order across many requests.
        foreach (var chunk in order.Chunk(25))
        {
            var spans = chunk.SelectMany(t => Enumerable.Range(0, 6).Select(i => new Span
            {
                TraceId = $"{t + 1:x32}",
                SpanId = $"{t * 10 + i + 1:x16}",
                ParentSpanId = i == 0 ? null : $"{t * 10 + 1:x16}",
                Name = i == 0 ? "request" : $"step {i}",
                Service = "shop",
                StartUnixNano = Base + t * 1_000_000L + i * 7_000_000L,
                EndUnixNano = Base + t * 1_000_000L + i * 7_000_000L + 500_000,
                Status = i == 3 && t % 3 == 0 ? SpanStatus.Error : SpanStatus.Unset,
            })).ToList();
            await host.Get<IIngestor>().IngestAsync(new IngestBatch([], spans), IngestContext.Anonymous, CancellationToken.None);
        }

        var store = host.Get<ITraceStore>();
        var seen = new List<TraceSummary>();
        TraceCursor? cursor = null;
        do
        {
            var page = await store.SearchAsync(new TraceSearchRequest { Query = TraceQuery.Parse(query), Limit = 40, Before = cursor }, CancellationToken.None);
            seen.AddRange(page.Traces);
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Select(t => t.TraceId).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(t => t.StartUnixNano).Select(t => t.TraceId), seen.Select(t => t.TraceId));
        Assert.All(seen, t => Assert.Equal(6, t.SpanCount));
        if (query.Contains("error")) Assert.All(seen, t => Assert.Equal(1, t.ErrorCount));
    }
}
