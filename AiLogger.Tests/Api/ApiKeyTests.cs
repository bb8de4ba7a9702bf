using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

public sealed class ApiKeyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(long Id, string Secret)> CreateKeyAsync(object request)
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/keys", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.ReadJsonAsync();
        return (json.GetProperty("id").GetInt64(), json.GetProperty("key").GetString()!);
    }

    public static TheoryData<string, string, string, HttpStatusCode> RouteScopes => new()
    {
        // route, method, scope of the key, expected status
        { "/ingest/clef", "POST", "ingest", HttpStatusCode.Created },
        { "/ingest/clef", "POST", "read", HttpStatusCode.Forbidden },
        { "/api/logs", "POST", "ingest", HttpStatusCode.Created },
        { "/api/logs", "POST", "admin", HttpStatusCode.Forbidden },
        { "/api/ingest", "POST", "ingest", HttpStatusCode.Created },
        { "/api/ingest", "POST", "read", HttpStatusCode.Forbidden },
        { "/api/logs/search", "GET", "read", HttpStatusCode.OK },
        { "/api/logs/search", "GET", "ingest", HttpStatusCode.Forbidden },
        { "/api/keys", "GET", "admin", HttpStatusCode.OK },
        { "/api/keys", "GET", "read", HttpStatusCode.Forbidden },
        { "/api/keys", "GET", "ingest", HttpStatusCode.Forbidden },
        { "/api/users", "GET", "admin", HttpStatusCode.OK },
        { "/api/users", "GET", "read", HttpStatusCode.Forbidden },
        { "/api/logs/1", "GET", "ingest", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(RouteScopes))]
    public async Task Each_scope_opens_only_its_routes(string route, string method, string scope, HttpStatusCode expected)
    {
        var (_, secret) = await CreateKeyAsync(new { name = $"{scope} key", scopes = new[] { scope } });
        using var client = app.CreateClient(secret);
        using var request = new HttpRequestMessage(new HttpMethod(method), route);
        if (method == "POST")
            request.Content = route == "/ingest/clef"
                ? new StringContent("{\"@t\":\"2026-11-25T10:00:00Z\",\"@mt\":\"scoped\"}", System.Text.Encoding.UTF8, "application/vnd.serilog.clef")
                : JsonContent.Create(new[] { new { message = "scoped" } });

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
            Assert.Contains($"does not have the '", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Key_is_accepted_in_every_documented_place()
    {
        var (_, secret) = await CreateKeyAsync(new { name = "places", scopes = new[] { "read" } });
        using var anonymous = app.CreateClient(null);

        async Task<HttpStatusCode> SendAsync(Action<HttpRequestMessage> addKey, string url = "/api/logs/search")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            addKey(request);
            using var response = await anonymous.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(r => r.Headers.Add("X-API-Key", secret)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(r => r.Headers.Add("X-Seq-ApiKey", secret)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(r => r.Headers.Authorization = new("Bearer", secret)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_ => { }, $"/api/logs/search?apiKey={secret}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(_ => { }));
    }

    [Fact]
    public async Task Revoked_key_is_refused_at_once()
    {
        var (id, secret) = await CreateKeyAsync(new { name = "short-lived", scopes = new[] { "read", "ingest" } });
        using var client = app.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/logs/search")).StatusCode);

        using var admin = app.CreateClient(AppFixture.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{id}")).StatusCode);

        using var after = await client.GetAsync("/api/logs/search");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("The API key is unknown or has been revoked.", await after.ErrorMessageAsync());
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Key_list_never_returns_a_secret()
    {
        var (id, secret) = await CreateKeyAsync(new { name = "listed", scopes = new[] { "ingest" } });
        using var admin = app.CreateClient(AppFixture.AdminKey);

        var text = await admin.GetStringAsync("/api/keys");

        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(AppFixture.AdminKey, text);
        var listed = JsonDocument.Parse(text).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(secret[..12], listed.GetProperty("prefix").GetString());
        Assert.Equal(["ingest"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
    }

    [Fact]
    public async Task Invalid_key_request_names_each_field()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/keys", new { name = "", scopes = new[] { "everything" }, minimumLevel = "loud" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Contains("required", errors.GetProperty("name")[0].GetString());
        Assert.Contains("Unknown scope 'everything'", errors.GetProperty("scopes")[0].GetString());
        Assert.Contains("'loud' is not a level", errors.GetProperty("minimumLevel")[0].GetString());
    }

    [Fact]
    public async Task Minimum_level_and_applied_properties_of_a_key_shape_what_is_stored()
    {
        var marker = Guid.NewGuid().ToString("N");
        var (id, secret) = await CreateKeyAsync(new
        {
            name = "warnings only", scopes = new[] { "ingest" }, minimumLevel = "Warning",
            appliedProperties = new Dictionary<string, string> { ["Environment"] = "staging", ["Marker"] = marker },
        });
        using var client = app.CreateClient(secret);

        using var response = await client.PostClefAsync(
            """{"@t":"2026-11-25T10:00:00Z","@mt":"chatty"}""" + "\n" +
            """{"@t":"2026-11-25T10:00:01Z","@mt":"worrying","@l":"Warning","Environment":"dev"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"MinimumLevelAccepted\":\"Warning\"}", await response.Content.ReadAsStringAsync());
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var stored = Assert.Single(await admin.SearchAllAsync($"Marker:{marker}"));
        Assert.Equal("worrying", stored.GetProperty("message").GetString());
        Assert.Equal("staging", stored.GetProperty("properties").GetProperty("Environment").GetString());

        var key = (await admin.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.Equal(1, key.GetProperty("eventsIngested").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, key.GetProperty("lastUsedAt").ValueKind);
    }
}
