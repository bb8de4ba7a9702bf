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

    [SkippableFact]
    public async Task Traces_with_padded_64_bit_ids_are_kept_apart_even_with_the_same_span_id_and_older_rows_still_read()
    {
        SqliteOnly.Require("PostgresTraceStoreTests (padded ids under both keys)");
        await using var host = await InfrastructureHost.StartAsync();
        const string first = "00000000000000004bf92f3577b34da6", second = "0000000000000000a3ce929d0e0e4736";
        Span Root(string traceId, string name) => new()
        {
            TraceId = traceId, SpanId = "00f067aa0ba902b7", Name = name, Service = "zipkin-app", StartUnixNano = Base, EndUnixNano = Base + 1_000_000,
        };
        await host.Get<IIngestor>().IngestAsync(new IngestBatch([], [Root(first, "first"), Root(second, "second")]), IngestContext.Anonymous, CancellationToken.None);

        var store = host.Get<ITraceStore>();
        Assert.Equal("first", Assert.Single((await store.GetAsync(first, CancellationToken.None))!.Spans).Name);
        Assert.Equal("second", Assert.Single((await store.GetAsync(second, CancellationToken.None))!.Spans).Name);

        // A store written before keyed every padded id 0: such rows are still found.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE spans SET trace_key = 0 WHERE trace_id = '{first}'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        Assert.Single((await store.GetAsync(first, CancellationToken.None))!.Spans);
        var found = await store.SearchAsync(new TraceSearchRequest { Query = TraceQuery.Parse($"trace:{first}") }, CancellationToken.None);
        Assert.Equal(first, Assert.Single(found.Traces).TraceId);
    }
}
