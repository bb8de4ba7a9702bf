using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using AiLogger.Tests.Support;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Fuzz;

/// <summary>
/// Every API route gets seeded hostile requests — odd path values, every query parameter with hostile values, bodies
/// of mutated examples, random bytes, wrong content types, fake gzip — with the admin key. None may answer 5xx or
/// take unbounded time, and the server answers normally at the end. <c>AILOGGER_FUZZ_CASES</c> sets the cases per
/// route (300 by default; a few thousand for a long run).
/// </summary>
public sealed class RouteFuzzTests(RouteFuzzTests.FuzzApp app) : IClassFixture<RouteFuzzTests.FuzzApp>
{
    public sealed class FuzzApp() : AppFixture(new Dictionary<string, string?>
    {
        ["AiLogger:RateLimits:KeyRequestsPerSecond"] = "0",
        // A 500 names its cause in the failure message: the server's errors go to a file as well as the console.
        ["Serilog:WriteTo:0:Name"] = "File",
        ["Serilog:WriteTo:0:Args:path"] = ErrorLog,
        ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Error",
    })
    {
        private static readonly string ErrorLog = Path.Combine(Path.GetTempPath(), $"ailogger-fuzz-{Guid.NewGuid():N}.log");

        public string Errors()
        {
            try
            {
                using var stream = new FileStream(ErrorLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var text = new StreamReader(stream).ReadToEnd();
                return text.Length > 8_000 ? text[..8_000] : text;
            }
            catch (IOException)
            {
                return "(none logged)";
            }
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            File.Delete(ErrorLog);
        }
    }

    private static readonly string[] Parameters =
    [
        "q", "from", "to", "limit", "before", "groupBy", "interval", "top", "lines", "type", "hours", "format", "state", "rule", "range",
        "wait", "apiKey", "clef", "source", "timeZone", "regex", "name", "table",
    ];

    private const string Example =
        """{"name":"n","kind":"logs","query":"level>=error","window":"5m","comparison":">=","threshold":1,"message":"m","level":"warn","timestamp":"2026-11-25T10:00:00Z","id":"a","predicted":"x","actual":"y","classes":["x","y"],"url":"https://hooks.example.com/x","scopes":["read"],"email":"a@b.c","roles":["Operator"],"path":"/tmp","pattern":"*.log","eventDays":3,"rules":[{"levels":["Debug"],"days":1}],"until":"2h","classCounts":{"x":1}}""";

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/vnd.serilog.clef", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz",
        "application/json; charset=utf-16", "application/problem+json", "",
    ];

    [Fact]
    public async Task Hostile_requests_to_every_route_never_answer_5xx_and_the_server_keeps_serving()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("AILOGGER_FUZZ_CASES"), out var n) ? n : 300;
        var routes = Routes().ToList();
        var work = new ConcurrentQueue<(string Method, string Pattern, int Seed)>(
            routes.SelectMany((r, i) => Enumerable.Range(0, r.Pattern.StartsWith("/api/admin/backups", StringComparison.Ordinal) && r.Method == "POST" ? 3 : cases)
                .Select(c => (r.Method, r.Pattern, i * 100_000 + c))));
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var slowest = TimeSpan.Zero;
        var total = work.Count;

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add("X-API-Key", AppFixture.AdminKey);
            while (work.TryDequeue(out var item))
            {
                using var request = Build(item.Method, item.Pattern, new HostileInput(item.Seed));
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if ((int)response.StatusCode >= 500)
                        failures.Enqueue($"{item.Method} {request.RequestUri} (seed {item.Seed}) answered {(int)response.StatusCode}: {await Excerpt(response)}");
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue($"{item.Method} {request.RequestUri} (seed {item.Seed}): {error.GetType().Name} {error.Message}");
                }
                lock (failures) if (clock.Elapsed > slowest) slowest = clock.Elapsed;
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {total} requests failed:\n" + string.Join("\n", failures.Take(30))
                                      + "\nthe server's errors:\n" + app.Errors());
        Assert.True(slowest < TimeSpan.FromSeconds(15), $"the slowest request took {slowest}");
        using var check = app.CreateClient(AppFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await check.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await check.GetAsync("/api/logs/search?q=level%3E%3Dwarning&limit=5")).StatusCode);
        Assert.True(statuses.Keys.Any(s => s < 300), "nothing at all was accepted: the cases never reached the handlers");
    }

    [Fact]
    public async Task Hostile_queries_over_the_hub_are_hub_errors_and_the_connection_survives()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/logs"), o => o.Headers["X-API-Key"] = AppFixture.AdminKey).Build();
        await connection.StartAsync();
        var input = new HostileInput(99);
        var refused = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var query = input.Query();
            // SignalR closes a connection on a message over 32 KB (its own bound); escaped control characters take 6 bytes each.
            if (query.Length > 4_000) query = query[..4_000];
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            try
            {
                await foreach (var _ in connection.StreamAsync<System.Text.Json.JsonElement>("Tail", query, stop.Token)) { }
            }
            catch (HubException)
            {
                refused++;
            }
            catch (OperationCanceledException)
            {
                // Accepted: it tails until told to stop.
            }
            Assert.Equal(HubConnectionState.Connected, connection.State);
        }
        Assert.True(refused > 100, $"only {refused} of 1,000 hostile queries were refused");
        using var check = app.CreateClient(null);
        Assert.Equal(HttpStatusCode.OK, (await check.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>Nulls where a list or map expects values: the random cases rarely produce exactly these.</summary>
    [Theory]
    [InlineData("/api/models", """{"name":"nulls","classes":[null,"a"]}""")]
    [InlineData("/api/users", """{"email":"n@x.test","roles":[null]}""")]
    [InlineData("/api/keys", """{"name":"k","scopes":["read",null],"appliedProperties":{"a":null}}""")]
    [InlineData("/api/alerts/channels", """{"name":"c","kind":"email","smtpHost":"smtp.example.com","from":"a@example.com","to":[null,"b@example.com"]}""")]
    [InlineData("/api/alerts/rules", """{"name":"r","kind":"logs","query":"x","window":"5m","comparison":">=","threshold":1,"channels":[null]}""")]
    [InlineData("/api/alerts/rules/dry-run", """{"kind":null,"query":null,"window":null}""")]
    [InlineData("/api/admin/storage/retention/preview", """{"rules":[null,{"levels":[null],"days":1}]}""")]
    [InlineData("/api/imports/sources", """{"name":null,"path":null,"pattern":null}""")]
    [InlineData("/api/models/nulls/predictions", """[null,{"id":null,"predicted":null,"probabilities":{"a":null},"features":null}]""")]
    [InlineData("/api/models/nulls/reference", """{"classCounts":{"a":null}}""")]
    [InlineData("/api/logs", """[null,{"message":null,"tags":[null],"details":null}]""")]
    public async Task Null_elements_are_refused_with_a_message_not_a_500(string route, string body)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using (await client.PostJsonTextAsync("/api/models", """{"name":"nulls","classes":["a","b"]}""")) { }

        using var response = await client.PostJsonTextAsync(route, body);

        Assert.True((int)response.StatusCode < 500, $"{route} answered {(int)response.StatusCode}: {await Excerpt(response)}");
    }

    private IEnumerable<(string Method, string Pattern)> Routes()
    {
        foreach (var source in app.Services.GetServices<EndpointDataSource>())
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!(Web.Api.Routes.IsApiRoute(pattern) || pattern is "/healthz" or "/metrics") || pattern.Contains("{**path}", StringComparison.Ordinal)
                || pattern == "/hubs/logs")
                continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["POST"])
                yield return (method, pattern);
        }
    }

    private static HttpRequestMessage Build(string method, string pattern, HostileInput input)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([A-Za-z]+)(:[^}]+)?\}", m => m.Groups[1].Value switch
        {
            // Never a small id: the fuzz must not revoke its own key or delete what it needs.
            "id" => input.Pick(new[] { "999999", "9223372036854775807", "0", "-1", "abc", "1e5" }),
            _ => Uri.EscapeDataString(input.Chance(0.3) ? "fuzz-model" : input.Text(2)) is { Length: > 0 } v ? v : "x",
        });
        var query = new List<string>();
        for (var i = input.Next(5); i > 0; i--)
        {
            var name = input.Pick(Parameters);
            var value = name == "q" ? input.Query() : input.Chance(0.3) ? input.Number() : input.Text(3);
            query.Add($"{name}={Uri.EscapeDataString(value.Length > 3_000 ? value[..3_000] : value)}");
        }
        var uri = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (method is "POST" or "PUT" or "PATCH")
        {
            var content = new ByteArrayContent(input.Chance(0.1) ? [] : input.Bytes(Example));
            var type = input.Pick(ContentTypes);
            if (type.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", type);
            if (input.Chance(0.1)) content.Headers.ContentEncoding.Add("gzip");
            request.Content = content;
        }
        if (input.Chance(0.05)) request.Headers.TryAddWithoutValidation("Last-Event-ID", input.Number());
        return request;
    }

    private static async Task<string> Excerpt(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }
}
