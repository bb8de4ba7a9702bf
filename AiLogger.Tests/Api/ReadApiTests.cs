using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>Aggregates, recent, stats and export over a known set of events.</summary>
public sealed class ReadApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    /// <summary>120 events, one a minute from 08:00: level cycles Information, Warning, Error; two sources.</summary>
    private async Task<(HttpClient Client, string Run)> SeedAsync()
    {
        var run = Guid.NewGuid().ToString("N");
        var client = app.CreateClient(AppFixture.AdminKey);
        var records = Enumerable.Range(0, 120).Select(i => new Dictionary<string, object?>
        {
            ["timestamp"] = Start.AddMinutes(i).AddSeconds(30).ToString("O"),
            ["level"] = (i % 3) switch { 0 => "info", 1 => "warning", _ => "error" },
            ["message"] = $"Request {i} served",
            ["component"] = $"{run}-{(i % 4 == 0 ? "api" : "worker")}",
            ["tags"] = i % 10 == 0 ? new[] { "sampled" } : Array.Empty<string>(),
            ["details"] = new Dictionary<string, object> { ["Run"] = run, ["status_code"] = i % 5 == 0 ? 500 : 200 },
        });
        using var response = await client.PostAsJsonAsync("/api/logs", records);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (client, run);
    }

    [Fact]
    public async Task Histogram_counts_each_bucket_by_level_from_rollups_and_events_alike()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;
        // A source-only query is answered from the rollups, a property query from the events: both must agree.
        foreach (var q in new[] { $"source:{run}-*", $"Run:{run}" })
        {
            var result = await client.GetFromJsonAsync<JsonElement>(
                $"/api/logs/aggregate?q={Uri.EscapeDataString(q)}&from=2026-11-20T08:00:00Z&to=2026-11-20T10:00:00Z&interval=30m");

            Assert.Equal(120, result.GetProperty("total").GetInt64());
            var buckets = result.GetProperty("histogram").EnumerateArray().ToList();
            Assert.Equal(["2026-11-20T08:00:00.0000000Z", "2026-11-20T08:30:00.0000000Z", "2026-11-20T09:00:00.0000000Z", "2026-11-20T09:30:00.0000000Z"],
                buckets.Select(b => b.GetProperty("start").GetString()!).ToArray());
            Assert.All(buckets, b => Assert.Equal(30, b.GetProperty("count").GetInt64()));
            Assert.All(buckets, b => Assert.Equal(10, b.GetProperty("levels").GetProperty("Error").GetInt64()));
        }
    }

    [Fact]
    public async Task Partial_minutes_at_the_edges_are_counted_exactly()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;
        // 08:10:45 to 08:20:15 holds the events of 08:11:30 … 08:19:30: nine of them.
        var result = await client.GetFromJsonAsync<JsonElement>(
            $"/api/logs/aggregate?q=source:{run}-*&from=2026-11-20T08:10:45Z&to=2026-11-20T08:20:15Z");

        Assert.Equal(9, result.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Groups_and_top_values_count_levels_sources_tags_and_properties()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;
        var result = await client.GetFromJsonAsync<JsonElement>(
            $"/api/logs/aggregate?q=Run:{run}&groupBy=source&top=level,status_code,tag");

        var groups = result.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { [$"{run}-worker"] = 90, [$"{run}-api"] = 30 }, groups);
        var top = result.GetProperty("top");
        Assert.Equal(40, top.GetProperty("level").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "Error").GetProperty("count").GetInt64());
        Assert.Equal(96, top.GetProperty("status_code").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "200").GetProperty("count").GetInt64());
        Assert.Equal(12, top.GetProperty("tag").EnumerateArray().Single().GetProperty("count").GetInt64());
    }

    [Theory]
    [InlineData("interval=0s", "'interval' must be a duration")]
    [InlineData("interval=fortnightly", "'interval' must be a duration")]
    [InlineData("from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "'from' must be before 'to'")]
    [InlineData("q=level:", "expected a value after 'level:'")]
    public async Task Bad_aggregate_parameters_answer_400(string parameters, string expected)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync($"/api/logs/aggregate?{parameters}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Recent_returns_the_latest_events_and_the_errors_only_when_asked()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.AddYears(1); // newer than anything else in this store
        using (await client.PostAsJsonAsync("/api/logs", new[]
               {
                   new Dictionary<string, object> { ["timestamp"] = now.ToString("O"), ["message"] = "latest", ["details"] = new { Marker = marker } },
                   new Dictionary<string, object> { ["timestamp"] = now.AddSeconds(-1).ToString("O"), ["level"] = "error", ["message"] = "broke", ["details"] = new { Marker = marker } },
               })) { }

        var recent = await client.GetFromJsonAsync<JsonElement>("/api/logs/recent?lines=2");
        Assert.Equal(["latest", "broke"], recent.EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToArray());
        var errors = await client.GetFromJsonAsync<JsonElement>("/api/logs/recent?lines=1&type=errors");
        Assert.Equal("broke", errors.EnumerateArray().Single().GetProperty("message").GetString());
        using var bad = await client.GetAsync("/api/logs/recent?type=some");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Stats_summarise_requests_responses_and_errors_in_the_seeds_shape()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var now = DateTimeOffset.UtcNow;
        object Record(string type, string level, string endpoint, string method, int? status, double? duration, string? errorType = null) => new Dictionary<string, object?>
        {
            ["timestamp"] = now.AddMinutes(-5).ToString("O"), ["type"] = type, ["level"] = level, ["message"] = $"{type} {endpoint}",
            ["details"] = new Dictionary<string, object?> { ["endpoint"] = endpoint, ["method"] = method, ["status_code"] = status, ["duration_ms"] = duration, ["error_type"] = errorType },
        };
        using (await client.PostAsJsonAsync("/api/logs", new[]
               {
                   Record("request", "info", "list_models", "GET", null, null), Record("response", "info", "list_models", "GET", 200, 40),
                   Record("request", "info", "list_models", "GET", null, null), Record("response", "info", "list_models", "GET", 200, 60),
                   Record("request", "info", "delete_model", "DELETE", null, null),
                   Record("response", "error", "delete_model", "DELETE", 404, 20, "FileNotFoundError"),
               })) { }

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/logs/stats?hours=1");

        var api = stats.GetProperty("api_stats");
        Assert.True(api.GetProperty("total_requests").GetInt64() >= 3);
        Assert.True(api.GetProperty("endpoints").GetProperty("list_models").GetInt64() >= 2);
        Assert.True(api.GetProperty("methods").GetProperty("DELETE").GetInt64() >= 1);
        Assert.True(api.GetProperty("status_codes").GetProperty("404").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Number, api.GetProperty("avg_response_time").ValueKind);
        Assert.Equal(JsonValueKind.Array, api.GetProperty("response_times").ValueKind);
        var errors = stats.GetProperty("error_summary");
        Assert.True(errors.GetProperty("total_errors").GetInt64() >= 1);
        Assert.True(errors.GetProperty("error_types").GetProperty("FileNotFoundError").GetInt64() >= 1);
        Assert.True(errors.GetProperty("endpoints_with_errors").GetProperty("delete_model").GetInt64() >= 1);
        Assert.Equal(1, stats.GetProperty("timeframe_hours").GetInt32());
    }

    [Fact]
    public async Task Export_streams_every_match_as_json_lines_and_as_csv()
    {
        var (client, run) = await SeedAsync();
        using var _ = client;

        var jsonl = await client.GetStringAsync($"/api/logs/export?q=Run:{run}&format=jsonl");
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(120, lines.Length);
        Assert.Equal("Request 119 served", JsonDocument.Parse(lines[0]).RootElement.GetProperty("message").GetString());

        using var csvResponse = await client.GetAsync($"/api/logs/export?q=Run:{run}%20level:error&format=csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", csvResponse.Content.Headers.ContentDisposition?.ToString());
        var csv = (await csvResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,timestamp,level,source,message,messageTemplate,exception,traceId,spanId,parentSpanId,eventType,properties,tags", csv[0].TrimEnd('\r'));
        Assert.Equal(41, csv.Length);
        Assert.Contains("\"{\"\"Run\"\":", csv[1]);
    }

    [Fact]
    public async Task Export_neutralises_spreadsheet_formulas()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var marker = Guid.NewGuid().ToString("N");
        using (await client.PostAsJsonAsync("/api/logs", new { message = "=HYPERLINK(\"http://evil\")", details = new Dictionary<string, string> { ["Marker"] = marker } })) { }

        var csv = await client.GetStringAsync($"/api/logs/export?q=Marker:{marker}&format=csv");

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv);
    }
}
