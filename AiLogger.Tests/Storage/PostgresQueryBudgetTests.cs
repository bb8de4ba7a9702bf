using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Tests.Support;
using Npgsql;

namespace AiLogger.Tests.Storage;

/// <summary>On PostgreSQL the query budget is the server's statement timeout: a search or count past it is cancelled and reported as too expensive.</summary>
public sealed class PostgresQueryBudgetTests
{
    private const int Events = 100_000;

    [SkippableFact]
    public async Task An_expensive_query_over_a_large_table_is_stopped_as_too_expensive_and_the_connection_is_clean_after()
    {
        ScaleOut.RequirePostgres();
        await using var store = await PostgresTestStore.CreateAsync(new Dictionary<string, string?> { ["AiLogger:Search:QueryTimeout"] = "00:00:00.020" });
        await store.GenerateAsync(Events);
        var heavy = LogQuery.Parse(string.Join(" OR ", Enumerable.Range(0, 40).Select(i => $"Missing{i}:v{i}")));

        await Assert.ThrowsAsync<QueryTooExpensiveException>(() =>
            store.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = heavy }, CancellationToken.None));
        await Assert.ThrowsAsync<QueryTooExpensiveException>(() =>
            store.Get<ILogAggregator>().AggregateAsync(new LogAggregateRequest { Query = heavy, GroupBy = "N" }, CancellationToken.None));

        // The timeout went with the query: the pool hands out connections without it, and a cheap read still answers.
        await using (var connection = await store.Get<PostgresDatabase>().OpenAsync(CancellationToken.None))
        await using (var show = new NpgsqlCommand("SHOW statement_timeout", connection))
            Assert.Equal("0", await show.ExecuteScalarAsync());
        Assert.Single((await store.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Limit = 1 }, CancellationToken.None)).Events);

        // With room enough the same query answers (it was the budget, not the query, that failed).
        await using var roomy = await PostgresTestStore.CreateAsync(new Dictionary<string, string?> { ["AiLogger:Search:QueryTimeout"] = "00:01:00" });
        await roomy.GenerateAsync(20_000);
        Assert.Empty((await roomy.Get<ILogSearch>().SearchAsync(new LogSearchRequest { Query = heavy }, CancellationToken.None)).Events);
    }
}
