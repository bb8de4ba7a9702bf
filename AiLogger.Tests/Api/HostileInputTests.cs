using System.Net;
using System.Text;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>
/// Every ingest route refuses bad input with a 4xx whose message names the line/index and field, stores
/// nothing of a refused batch, and keeps serving.
/// </summary>
public sealed class HostileInputTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private HttpClient _client = default!;

    public Task InitializeAsync()
    {
        _client = app.CreateClient(AppFixture.AdminKey);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    private static string Clef(string marker, string message = "good event") =>
        $$"""{"@t":"2026-11-25T10:00:00Z","@mt":"{{message}}","Marker":"{{marker}}"}""";

    public static TheoryData<string, string, string> BadClefBodies => new()
    {
        { "malformed line", "{\"@t\":\"2026-11-25T10:00:00Z\",\"@mt\":", "Line 2: invalid JSON" },
        { "non-object line", "[1,2,3]", "Line 2: expected a JSON object, found an array" },
        { "missing @t", "{\"@mt\":\"no time\"}", "Line 2: missing the '@t' timestamp" },
        { "unparseable @t", "{\"@t\":\"yesterday-ish\",\"@mt\":\"x\"}", "Line 2: '@t' must be an ISO 8601 timestamp" },
        { "@t of the wrong type", "{\"@t\":12,\"@mt\":\"x\"}", "Line 2: '@t' must be an ISO 8601 timestamp" },
        { "@mt of the wrong type", "{\"@t\":\"2026-11-25T10:00:00Z\",\"@mt\":5}", "Line 2: '@mt' must be a string, not a number" },
        { "@x of the wrong type", "{\"@t\":\"2026-11-25T10:00:00Z\",\"@mt\":\"x\",\"@x\":{}}", "Line 2: '@x' must be a string, not an object" },
        { "unknown level", "{\"@t\":\"2026-11-25T10:00:00Z\",\"@mt\":\"x\",\"@l\":\"Banana\"}", "Line 2: '@l' \"Banana\" is not a level" },
        { "20,000-deep nesting", "{\"@t\":\"2026-11-25T10:00:00Z\",\"Deep\":" + new string('[', 20_000) + new string(']', 20_000) + "}", "Line 2: invalid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadClefBodies))]
    public async Task Bad_clef_line_rejects_the_whole_batch_naming_the_line(string _, string badLine, string expected)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = Clef(marker) + "\n" + badLine + "\n" + Clef(marker);

        using var response = await _client.PostClefAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_naming_the_line()
    {
        var marker = Guid.NewGuid().ToString("N");
        var bytes = Encoding.UTF8.GetBytes(Clef(marker) + "\n")
            .Concat(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' }).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/vnd.serilog.clef");

        using var response = await _client.PostAsync("/ingest/clef", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Line 2: the line is not valid UTF-8", await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
    }

    [Fact]
    public async Task Event_over_256_KB_is_refused_with_413_naming_the_line()
    {
        var marker = Guid.NewGuid().ToString("N");
        var big = $$"""{"@t":"2026-11-25T10:00:00Z","@mt":"big","Blob":"{{new string('x', 300 * 1024)}}"}""";

        using var response = await _client.PostClefAsync(Clef(marker) + "\n" + big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("Line 2: the event is", await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
    }

    [Theory]
    [InlineData("/ingest/clef")]
    [InlineData("/api/logs")]
    [InlineData("/api/ingest")]
    public async Task Body_over_10_MB_is_refused_with_413(string route)
    {
        var body = new StringBuilder();
        while (body.Length <= 10 * 1024 * 1024 + 1024)
            body.Append(route == "/ingest/clef" ? Clef("too-big") + "\n" : "[").Append(' ', 4096);

        using var response = await _client.PostAsync(route, new StringContent(body.ToString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("the limit is 10,485,760 bytes", await response.ErrorMessageAsync());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Body_over_10_MB_sent_chunked_is_refused_with_413()
    {
        var chunk = Encoding.UTF8.GetBytes(Clef("chunked") + "\n");
        var stream = new MemoryStream();
        while (stream.Length <= 10 * 1024 * 1024 + 1024) stream.Write(chunk);
        stream.Position = 0;
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/vnd.serilog.clef");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/clef") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAsync("chunked");
    }

    public static TheoryData<string, string, string> BadJsonBodies => new()
    {
        { "/api/logs", "{\"message\":", "The body is not valid JSON" },
        { "/api/logs", "\"just a string\"", "Expected a JSON object or an array of objects, found a string" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, 42]", "Event [1]: expected a JSON object, found a number" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"level\":\"info\"}]", "Event [1]: 'message' is required" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"message\":5}]", "Event [1]: 'message' must be a string, not a number" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"message\":\"x\",\"timestamp\":\"not a time\"}]", "Event [1]: 'timestamp' must be an ISO 8601 timestamp" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"message\":\"x\",\"level\":\"shouting\"}]", "Event [1]: 'level' \"shouting\" is not a level" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"message\":\"x\",\"tags\":[\"a\",1]}]", "Event [1]: 'tags[1]' must be a string, not a number" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"message\":\"x\",\"trace_id\":{}}]", "Event [1]: 'trace_id' must be a string, not an object" },
        { "/api/logs", "[{\"message\":\"ok\",\"Marker\":\"M\"}, {\"message\":\"x\",\"d\":" + new string('[', 20_000) + new string(']', 20_000) + "}]", "The body is not valid JSON" },
        { "/api/ingest", "{\"event\":\"one object\"}", "Expected a JSON array of records, found an object" },
        { "/api/ingest", "[{\"event\":\"ok\",\"Marker\":\"M\"}, {\"event\":\"x\",\"ts\":true}]", "Event [1]: 'ts' must be an ISO 8601 timestamp or a Unix time" },
        { "/api/ingest", "[{\"event\":\"ok\",\"Marker\":\"M\"}, {\"logger\":\"no message\"}]", "Event [1]: 'message' is required" },
        { "/api/ingest", "[{\"event\":\"ok\",\"Marker\":\"M\"}, {\"event\":\"x\",\"level\":\"zzz\"}]", "Event [1]: 'level' \"zzz\" is not a level" },
        { "/api/ingest", "", "The body is empty" },
    };

    [Theory]
    [MemberData(nameof(BadJsonBodies))]
    public async Task Bad_json_record_rejects_the_whole_batch_naming_index_and_field(string route, string body, string expected)
    {
        var marker = Guid.NewGuid().ToString("N");
        body = body.Replace("\"Marker\":\"M\"", $"\"Marker\":\"{marker}\"");

        using var response = await _client.PostJsonTextAsync(route, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(expected, await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("/api/logs")]
    [InlineData("/api/ingest")]
    public async Task Json_body_with_invalid_utf8_is_refused(string route)
    {
        using var content = new ByteArrayContent([(byte)'[', (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}', (byte)']']);
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync(route, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The body is not valid UTF-8.", await response.ErrorMessageAsync());
    }

    [Theory]
    [InlineData("/api/logs")]
    [InlineData("/api/ingest")]
    public async Task Json_record_over_256_KB_is_refused_with_413_naming_the_index(string route)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = $$"""[{"message":"ok","Marker":"{{marker}}"},{"message":"{{new string('y', 300 * 1024)}}"}]""";

        using var response = await _client.PostJsonTextAsync(route, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("Event [1]: the event is larger than the limit", await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
    }

    [Fact]
    public async Task Legacy_events_body_with_a_bad_event_names_its_index()
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = $$$"""{"Events":[{"Timestamp":"2026-11-25T10:00:00Z","Level":"Information","MessageTemplate":"ok","Properties":{"Marker":"{{{marker}}}"}},{"Level":"Warning","MessageTemplate":"no time"}]}""";

        using var response = await _client.PostJsonTextAsync("/api/events/raw", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Event [1]: 'Timestamp' is missing or not an ISO 8601 timestamp", await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
    }

    [Theory]
    [InlineData("/ingest/clef", null, HttpStatusCode.Unauthorized, "An API key is required")]
    [InlineData("/ingest/clef", "wrong-key-0000000000000", HttpStatusCode.Unauthorized, "The API key is unknown or has been revoked.")]
    [InlineData("/api/events/raw", null, HttpStatusCode.Unauthorized, "An API key is required")]
    [InlineData("/api/logs", null, HttpStatusCode.Unauthorized, "An API key is required")]
    [InlineData("/api/logs", "wrong-key-0000000000000", HttpStatusCode.Unauthorized, "The API key is unknown or has been revoked.")]
    [InlineData("/api/ingest", null, HttpStatusCode.Unauthorized, "An API key is required")]
    public async Task Missing_or_wrong_key_is_refused_and_nothing_is_stored(string route, string? key, HttpStatusCode status, string expected)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = app.CreateClient(key);
        var body = route.StartsWith("/ingest") || route.StartsWith("/api/events")
            ? Clef(marker)
            : $$"""[{"message":"m","Marker":"{{marker}}"}]""";

        using var response = await client.PostAsync(route, new StringContent(body, Encoding.UTF8,
            route.StartsWith("/ingest") ? "application/vnd.serilog.clef" : "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith(expected, await response.ErrorMessageAsync());
        await AssertNothingStoredAsync(marker);
    }

    [Fact]
    public async Task Empty_clef_body_is_accepted_as_Serilogs_poll()
    {
        using var response = await _client.PostClefAsync("");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"MinimumLevelAccepted\":null}", await response.Content.ReadAsStringAsync());
    }

    private async Task AssertNothingStoredAsync(string marker) =>
        Assert.Empty(await _client.SearchAllAsync($"Marker:{marker}"));

    private async Task AssertStillServingAsync()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var response = await _client.PostClefAsync(Clef(marker));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await _client.SearchAllAsync($"Marker:{marker}"));
    }
}
