using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiLogger.Domain.Logs.Query;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AiLogger.Tests.Api;

/// <summary>
/// What a read key or an operator could send to tie the server up or crash it: each is refused with a status and a
/// message naming what is wrong, quickly, and the server keeps serving.
/// </summary>
public sealed class QueryAbuseTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string Nested = new string('(', 16_000) + "x" + new string(')', 16_000);

    private async Task AssertStillServingAsync()
    {
        using var client = app.CreateClient(null);
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<HttpClient> ReadKeyClientAsync()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var created = await admin.PostJsonTextAsync("/api/keys", """{"name":"reader","scopes":["read"]}""");
        created.EnsureSuccessStatusCode();
        return app.CreateClient((await created.ReadJsonAsync()).GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_deeply_nested_query_over_the_hub_is_a_hub_error_and_the_server_survives()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/logs"), o => o.Headers["X-API-Key"] = AppFixture.AdminKey).Build();
        await connection.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<JsonElement>("Tail", Nested)) { }
        });

        Assert.Contains("Query too complex", error.Message);
        await AssertStillServingAsync();
        // The same connection still tails.
        var ok = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<JsonElement>("Tail", "level:")) { }
        });
        Assert.Contains("expected a value", ok.Message);
    }

    // Short terms: the whole request line must stay under Kestrel's 8 KB (beyond, it answers 414 itself).
    public static TheoryData<string, string> HeavyQueries => new()
    {
        { "1,000 nested parentheses", new string('(', 1_000) + "x" + new string(')', 1_000) },
        { "1,000 ORed words", string.Join(" OR ", Enumerable.Repeat("w", 1_000)) },
        { "1,300 NOTs", string.Concat(Enumerable.Repeat("NOT ", 1_300)) + "x" },
        { "330 ORed property terms", string.Join(" OR ", Enumerable.Range(0, 330).Select(i => $"P:{i}")) },
        { "500 negated wildcards", string.Join(" ", Enumerable.Repeat("-s:b*", 500)) },
    };

    [Theory]
    [MemberData(nameof(HeavyQueries))]
    public async Task Queries_past_the_limits_answer_400_naming_the_limit_on_every_read_route(string _, string query)
    {
        using var reader = await ReadKeyClientAsync();
        var q = Uri.EscapeDataString(query).Replace("%20", "+", StringComparison.Ordinal);
        foreach (var route in new[] { $"/api/logs/search?q={q}", $"/api/logs/aggregate?q={q}&interval=auto", $"/api/logs/export?q={q}", $"/api/logs/stream?q={q}" })
        {
            var clock = Stopwatch.StartNew();
            using var response = await reader.GetAsync(route);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.ReadJsonAsync();
            Assert.StartsWith("Query too complex", body.GetProperty("detail").GetString());
            Assert.Contains(body.GetProperty("limit").GetString(), new[] { LogQueryLimits.Depth, LogQueryLimits.Terms, LogQueryLimits.Length });
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{route} took {clock.Elapsed}");
        }
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_deeply_nested_alert_rule_query_is_refused_naming_the_field()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var deep = new string('(', 1_000) + "x" + new string(')', 1_000);
        var rule = JsonSerializer.Serialize(new { name = "deep", kind = "logs", query = deep, window = "5m", comparison = ">=", threshold = 1 });

        foreach (var route in new[] { "/api/alerts/rules", "/api/alerts/rules/dry-run", "/api/alerts/rules/preview" })
        {
            using var response = await admin.PostJsonTextAsync(route, rule);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.ReadJsonAsync()).GetProperty("errors");
            Assert.Contains("Query too complex", errors.GetProperty("query")[0].GetString());
        }
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Aggregate_top_with_1400_fields_is_refused_naming_the_cap()
    {
        using var reader = await ReadKeyClientAsync();
        var fields = string.Join(',', Enumerable.Range(0, 1_400).Select(i => $"f{i}"));
        Assert.True(fields.Length < 8_000);

        using var response = await reader.GetAsync($"/api/logs/aggregate?top={fields}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 10 are counted", await response.ErrorMessageAsync());
    }

    [Theory]
    [InlineData("/api/logs/search?from=800000d", "'from'")]
    [InlineData("/api/logs/aggregate?from=800000d", "'from'")]
    [InlineData("/api/logs/aggregate?to=800000d", "'to'")]
    [InlineData("/api/logs/export?from=800000d", "'from'")]
    [InlineData("/api/logs/search?from=99999999999999999999d", "'from'")]
    public async Task Durations_reaching_before_1970_are_400_not_500(string route, string parameter)
    {
        using var reader = await ReadKeyClientAsync();

        using var response = await reader.GetAsync(route);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Model_metrics_from_800000d_is_400_not_500()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        (await admin.PostJsonTextAsync("/api/models", """{"name":"far-back","classes":["a","b"]}""")).EnsureSuccessStatusCode();

        foreach (var route in new[] { "/api/models/far-back/metrics?from=800000d", "/api/models/far-back/metrics/daily?from=800000d" })
        {
            using var response = await admin.GetAsync(route);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("'from'", await response.ErrorMessageAsync());
        }
    }

    [Fact]
    public async Task A_silence_of_3000000d_is_400_not_500()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var created = await admin.PostJsonTextAsync("/api/alerts/rules",
            """{"name":"silence me","kind":"logs","query":"level>=error","window":"5m","comparison":">=","threshold":1}""");
        created.EnsureSuccessStatusCode();
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();

        using var response = await admin.PostJsonTextAsync($"/api/alerts/rules/{id}/silence", """{"until":"3000000d"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("within 3660 days", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Sign_out_with_an_empty_body_is_refused_not_a_500()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);

        using var response = await session.Client.PostAsync("/logout", new ByteArrayContent([]));

        Assert.True((int)response.StatusCode < 500, $"POST /logout answered {(int)response.StatusCode}");
        await AssertStillServingAsync();
    }
}
