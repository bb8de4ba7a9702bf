using System.Diagnostics;
using System.Net;
using System.Text;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>A query that would run long is stopped at its budget with a message saying how to narrow it; the server goes on.</summary>
public sealed class QueryBudgetTests(QueryBudgetTests.TightBudgetApp app) : IClassFixture<QueryBudgetTests.TightBudgetApp>
{
    public sealed class TightBudgetApp() : AppFixture(new Dictionary<string, string?>
    {
        ["AiLogger:Search:QueryTimeout"] = "00:00:00.050",
    })
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using var client = CreateClient(AdminKey);
            for (var batch = 0; batch < 10; batch++)
            {
                var body = new StringBuilder("[");
                for (var i = 0; i < 5_000; i++)
                    body.Append(i == 0 ? "" : ",").Append($$$"""{"message":"budget event {{{i}}}","component":"svc{{{i % 50}}}","details":{"N":{{{i}}},"Tag":"t{{{i % 7}}}"}}""");
                using var response = await client.PostJsonTextAsync("/api/logs", body.Append(']').ToString());
                response.EnsureSuccessStatusCode();
            }
        }
    }

    private static readonly string Heavy = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"Missing{i}:v{i}"));

    [Theory]
    [InlineData("/api/logs/search?q=")]
    [InlineData("/api/logs/aggregate?groupBy=Tag&q=")]
    public async Task A_query_past_its_budget_is_stopped_with_503_and_advice(string route)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync(route + Uri.EscapeDataString(Heavy));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("too expensive", await response.ErrorMessageAsync());
        Assert.Contains("Narrow the time range or the terms", await response.ErrorMessageAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {clock.Elapsed}");
        // The connection it ran on is clean: the next cheap query answers.
        using var next = await client.GetAsync("/api/logs/search?limit=1");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
