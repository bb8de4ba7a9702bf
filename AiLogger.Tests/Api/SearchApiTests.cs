using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

public sealed class SearchApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(HttpClient Client, string Run)> SeedAsync()
    {
        var run = Guid.NewGuid().ToString("N");
        var client = app.CreateClient(AppFixture.AdminKey);
        var start = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var records = Enumerable.Range(0, 25).Select(i => new Dictionary<string, object?>
        {
            ["timestamp"] = start.AddMinutes(i).ToString("O"),
            ["level"] = i % 5 == 0 ? "error" : "info",
            ["message"] = i % 2 == 0 ? $"Payment {i} timed out" : $"Payment {i} settled",
            ["component"] = i % 3 == 0 ? "payments-api" : "ledger",
            ["trace_id"] = $"ABCDEF{i:D4}",
            ["details"] = new Dictionary<string, object> { ["Run"] = run, ["duration_ms"] = i * 100, ["Index"] = i },
        }).ToArray();
        using var response = await client.PostAsJsonAsync("/api/logs", records);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(25, (await response.ReadJsonAsync()).GetProperty("ingested").GetInt32());
        return (client, run);
    }

    private static int[] Indexes(IEnumerable<JsonElement> events) =>
        events.Select(e => e.GetProperty("properties").GetProperty("Index").GetInt32()).ToArray();

    [Fact]
    public async Task Results_are_newest_first_and_pages_follow_the_cursor_without_gaps()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/logs/search?q=Run:{run}&limit=10");
        var next = first.GetProperty("next").GetString();
        Assert.NotNull(next);
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/logs/search?q=Run:{run}&limit=10&before={next}");
        var third = await client.GetFromJsonAsync<JsonElement>($"/api/logs/search?q=Run:{run}&limit=10&before={second.GetProperty("next").GetString()}");

        var all = Indexes(first.GetProperty("events").EnumerateArray())
            .Concat(Indexes(second.GetProperty("events").EnumerateArray()))
            .Concat(Indexes(third.GetProperty("events").EnumerateArray())).ToArray();
        Assert.Equal(Enumerable.Range(0, 25).Reverse().ToArray(), all);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("timed out", new[] { 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0 })]
    [InlineData("\"payment 7 settled\"", new[] { 7 })]
    [InlineData("level:error", new[] { 20, 15, 10, 5, 0 })]
    [InlineData("level>=warning timed", new[] { 20, 10, 0 })]
    [InlineData("source:payments-api", new[] { 24, 21, 18, 15, 12, 9, 6, 3, 0 })]
    [InlineData("source:pay*", new[] { 24, 21, 18, 15, 12, 9, 6, 3, 0 })]
    [InlineData("trace:abcdef0007", new[] { 7 })]
    [InlineData("duration_ms>=2200", new[] { 24, 23, 22 })]
    [InlineData("Index:3", new[] { 3 })]
    public async Task Query_language_filters_the_search(string query, int[] expected)
    {
        var (client, run) = await SeedAsync();
        using var _ = client;

        var events = await client.SearchAllAsync($"Run:{run} {query}");

        Assert.Equal(expected, Indexes(events));
    }

    [Fact]
    public async Task Time_bounds_limit_the_window()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;

        var page = await client.GetFromJsonAsync<JsonElement>(
            $"/api/logs/search?q=Run:{run}&from=2026-11-20T08:05:00Z&to=2026-11-20T08:08:00Z");

        Assert.Equal([7, 6, 5], Indexes(page.GetProperty("events").EnumerateArray()));
    }

    [Fact]
    public async Task One_event_by_id_and_a_clear_404()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;
        var found = (await client.SearchAllAsync($"Run:{run} Index:4")).Single();
        var id = found.GetProperty("id").GetInt64();

        var e = await client.GetFromJsonAsync<JsonElement>($"/api/logs/{id}");
        Assert.Equal("Payment 4 timed out", e.GetProperty("message").GetString());
        Assert.Equal("abcdef0004", e.GetProperty("traceId").GetString());

        using var missing = await client.GetAsync("/api/logs/999999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("No event has id 999999999.", await missing.ErrorMessageAsync());
    }

    [Theory]
    [InlineData("q=level:loud", "expected a level name")]
    [InlineData("q=(unclosed", "expected ')'")]
    [InlineData("limit=0", "'limit' must be a whole number from 1 to 1000")]
    [InlineData("limit=5000", "'limit' must be a whole number from 1 to 1000")]
    [InlineData("from=last-tuesday", "'from' must be an ISO 8601 time")]
    [InlineData("before=garbage", "'before' must be the 'next' value")]
    public async Task Bad_parameters_answer_400_naming_them(string parameters, string expected)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync($"/api/logs/search?{parameters}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Malformed_query_reports_its_position()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync("/api/logs/search?q=" + Uri.EscapeDataString("level>=warning (timeout"));

        var problem = await response.ReadJsonAsync();
        Assert.Equal(23, problem.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Health_answers_without_a_key()
    {
        using var client = app.CreateClient(null);
        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }
}
