using System.Net;
using System.Text;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Api;

/// <summary>
/// Every mapped route against every kind of caller: keys by their scope, people by their role, exactly as the pages
/// allow — a key never opens a page or the job dashboard, an operator never reads what only analysts see.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.MatrixApp app) : IClassFixture<AuthorizationMatrixTests.MatrixApp>
{
    public enum Access { Anyone, Ingest, Read, ReadAnalytics, Admin, SignedIn, OperatorPage, AnalystPage, AdminPage, Docs, DocsPage }

    public enum Caller { Anonymous, IngestKey, ReadKey, AdminKey, Operator, Analyst, AdminUser }

    /// <summary>What each route must allow, keyed by method and pattern. A route missing here fails the test.</summary>
    private static readonly Dictionary<string, Access> Expected = new()
    {
        ["GET /healthz"] = Access.Anyone,
        ["GET /metrics"] = Access.Read,
        ["GET /api/logs/stream"] = Access.Read,
        ["POST /hubs/logs/negotiate"] = Access.Read,
        ["GET /hangfire/{**path}"] = Access.AdminPage,
        ["POST /api/events/raw"] = Access.Ingest,
        ["POST /ingest/clef"] = Access.Ingest,
        ["POST /api/logs"] = Access.Ingest,
        ["POST /api/ingest"] = Access.Ingest,
        ["POST /api/logs/lines"] = Access.Ingest,
        ["POST /v1/traces"] = Access.Ingest,
        ["POST /v1/logs"] = Access.Ingest,
        ["POST /ingest/otlp/v1/traces"] = Access.Ingest,
        ["POST /ingest/otlp/v1/logs"] = Access.Ingest,
        ["POST /v1/metrics"] = Access.Ingest,
        ["POST /ingest/otlp/v1/metrics"] = Access.Ingest,
        ["GET /api/metrics/instruments"] = Access.Read,
        ["GET /api/metrics/hosts"] = Access.Read,
        ["GET /api/metrics/series"] = Access.Read,
        ["GET /api/metrics/query"] = Access.Read,
        ["GET /api/metrics/points"] = Access.Read,
        ["GET /api/metrics/summary"] = Access.Read,
        ["GET /api/traces/"] = Access.Read,
        ["GET /api/traces/{traceId}"] = Access.Read,
        ["GET /api/traces/{traceId}/otlp"] = Access.Read,
        ["GET /api/logs/search"] = Access.Read,
        ["GET /api/logs/{id:long}"] = Access.Read,
        ["GET /api/logs/aggregate"] = Access.Read,
        ["GET /api/logs/recent"] = Access.Read,
        ["GET /api/logs/stats"] = Access.Read,
        ["GET /api/logs/export"] = Access.Read,
        ["POST /api/keys/"] = Access.Admin,
        ["GET /api/keys/"] = Access.Admin,
        ["DELETE /api/keys/{id:long}"] = Access.Admin,
        ["POST /api/users/"] = Access.Admin,
        ["GET /api/users/"] = Access.Admin,
        ["POST /api/imports/"] = Access.Admin,
        ["GET /api/imports/"] = Access.Admin,
        ["GET /api/imports/{id:long}"] = Access.Admin,
        ["POST /api/imports/scan"] = Access.Admin,
        ["GET /api/imports/sources"] = Access.Admin,
        ["POST /api/imports/sources"] = Access.Admin,
        ["DELETE /api/imports/sources/{key}"] = Access.Admin,
        ["GET /api/models/"] = Access.ReadAnalytics,
        ["GET /api/models/{name}"] = Access.ReadAnalytics,
        ["GET /api/models/{name}/reference"] = Access.ReadAnalytics,
        ["GET /api/models/{name}/metrics"] = Access.ReadAnalytics,
        ["GET /api/models/{name}/metrics/daily"] = Access.ReadAnalytics,
        ["GET /api/models/{name}/drift"] = Access.ReadAnalytics,
        ["GET /api/models/{name}/export/{table}"] = Access.ReadAnalytics,
        ["POST /api/models/"] = Access.Ingest,
        ["POST /api/models/{name}/predictions"] = Access.Ingest,
        ["POST /api/models/{name}/validations"] = Access.Ingest,
        ["POST /api/models/{name}/predictions/upload"] = Access.Ingest,
        ["POST /api/models/{name}/validations/upload"] = Access.Ingest,
        ["POST /api/models/{name}/reference"] = Access.Ingest,
        ["POST /api/models/{name}/recompute"] = Access.Ingest,
        ["POST /api/tests/runs"] = Access.Ingest,
        ["GET /api/tests/projects"] = Access.ReadAnalytics,
        ["GET /api/tests/runs"] = Access.ReadAnalytics,
        ["GET /api/tests/runs/{id:long}"] = Access.ReadAnalytics,
        ["GET /api/tests/runs/{id:long}/cases/{caseId:long}"] = Access.ReadAnalytics,
        ["GET /api/tests/cases/{id:long}"] = Access.ReadAnalytics,
        ["GET /api/tests/flaky"] = Access.ReadAnalytics,
        ["GET /api/alerts/"] = Access.Read,
        ["GET /api/alerts/counts"] = Access.Read,
        ["GET /api/alerts/{id:long}"] = Access.Read,
        ["POST /api/alerts/{id:long}/acknowledge"] = Access.Read,
        ["POST /api/alerts/evaluate"] = Access.Admin,
        ["GET /api/alerts/rules/"] = Access.Admin,
        ["GET /api/alerts/rules/{id:long}"] = Access.Admin,
        ["POST /api/alerts/rules/"] = Access.Admin,
        ["PUT /api/alerts/rules/{id:long}"] = Access.Admin,
        ["DELETE /api/alerts/rules/{id:long}"] = Access.Admin,
        ["POST /api/alerts/rules/{id:long}/silence"] = Access.Admin,
        ["POST /api/alerts/rules/dry-run"] = Access.Admin,
        ["POST /api/alerts/rules/preview"] = Access.Admin,
        ["GET /api/alerts/channels/"] = Access.Admin,
        ["GET /api/alerts/channels/{id:long}"] = Access.Admin,
        ["POST /api/alerts/channels/"] = Access.Admin,
        ["PUT /api/alerts/channels/{id:long}"] = Access.Admin,
        ["DELETE /api/alerts/channels/{id:long}"] = Access.Admin,
        ["POST /api/alerts/channels/{id:long}/test"] = Access.Admin,
        ["GET /api/admin/storage/"] = Access.Admin,
        ["PUT /api/admin/storage/retention"] = Access.Admin,
        ["DELETE /api/admin/storage/retention"] = Access.Admin,
        ["POST /api/admin/storage/retention/preview"] = Access.Admin,
        ["POST /api/admin/backups/"] = Access.Admin,
        ["GET /api/admin/backups/"] = Access.Admin,
        ["GET /api/admin/backups/{name}"] = Access.Admin,
        ["GET /openapi/{documentName}.json"] = Access.Docs,
        ["GET /api/docs/{documentName?}"] = Access.DocsPage,
        ["GET /api/docs/scalar.js"] = Access.Anyone,
        ["GET /api/docs/scalar.aspnetcore.js"] = Access.Anyone,
        ["GET /api/docs/favicon.svg"] = Access.Anyone,
        ["GET /"] = Access.SignedIn,
        ["GET /logs"] = Access.OperatorPage,
        ["GET /live"] = Access.OperatorPage,
        ["GET /traces"] = Access.OperatorPage,
        ["GET /traces/{traceId}"] = Access.OperatorPage,
        ["GET /alerts"] = Access.OperatorPage,
        ["GET /traces/compare"] = Access.OperatorPage,
        ["GET /system"] = Access.OperatorPage,
        ["GET /system/metrics"] = Access.OperatorPage,
        ["GET /models"] = Access.AnalystPage,
        ["GET /traces/llm"] = Access.AnalystPage,
        ["GET /models/{Name}"] = Access.AnalystPage,
        ["GET /tests"] = Access.AnalystPage,
        ["GET /tests/runs/{RunId:long}"] = Access.AnalystPage,
        ["GET /tests/cases/{CaseId:long}"] = Access.AnalystPage,
        ["GET /tests/flaky"] = Access.AnalystPage,
        ["GET /alerts/rules"] = Access.AdminPage,
        ["GET /settings/api-keys"] = Access.AdminPage,
        ["GET /settings/users"] = Access.AdminPage,
        ["GET /settings/imports"] = Access.AdminPage,
        ["GET /settings/storage"] = Access.AdminPage,
        ["GET /settings/prices"] = Access.AdminPage,
        ["GET /login"] = Access.Anyone,
        ["GET /setup"] = Access.Anyone,
        ["GET /access-denied"] = Access.SignedIn,
        ["GET /not-found"] = Access.SignedIn,
    };

    /// <summary>Routes of the frameworks themselves, and sign-out (tested on its own: it ends the session).</summary>
    private static bool Skipped(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)
        || pattern is "/hubs/logs" or "/logout" or "/api/{**path}" or "/ingest/{**path}" or "/v1/{**path}" or "{**path:file}";

    public sealed class MatrixApp : AppFixture
    {
        public const string Password = "matrix-password-123";

        public Dictionary<Caller, HttpClient> Callers { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using var admin = CreateClient(AdminKey);
            foreach (var (caller, scope) in new[] { (Caller.IngestKey, "ingest"), (Caller.ReadKey, "read"), (Caller.AdminKey, "admin") })
            {
                using var key = await admin.PostJsonTextAsync("/api/keys", $$"""{"name":"{{scope}} only","scopes":["{{scope}}"]}""");
                key.EnsureSuccessStatusCode();
                var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
                client.DefaultRequestHeaders.Add("X-API-Key", (await key.ReadJsonAsync()).GetProperty("key").GetString());
                Callers[caller] = client;
            }
            foreach (var (caller, role) in new[] { (Caller.Operator, "Operator"), (Caller.Analyst, "Analyst") })
            {
                var email = $"{role.ToLowerInvariant()}@ailogger.test";
                using var user = await admin.PostJsonTextAsync("/api/users", $$"""{"email":"{{email}}","password":"{{Password}}","roles":["{{role}}"]}""");
                user.EnsureSuccessStatusCode();
                Callers[caller] = (await CookieSession.SignInAsync(BaseAddress, email, Password)).Client;
            }
            Callers[Caller.AdminUser] = (await CookieSession.SignInAsync(BaseAddress, AdminEmail, AdminPassword)).Client;
            Callers[Caller.Anonymous] = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        }

        public override async Task DisposeAsync()
        {
            foreach (var client in Callers.Values) client.Dispose();
            await base.DisposeAsync();
        }
    }

    private static bool Allows(Access access, Caller caller) => access switch
    {
        Access.Anyone => true,
        Access.Ingest => caller == Caller.IngestKey,
        Access.Read => caller is Caller.ReadKey or Caller.Operator or Caller.Analyst or Caller.AdminUser,
        Access.ReadAnalytics => caller is Caller.ReadKey or Caller.Analyst or Caller.AdminUser,
        Access.Admin => caller is Caller.AdminKey or Caller.AdminUser,
        Access.SignedIn or Access.OperatorPage => caller is Caller.Operator or Caller.Analyst or Caller.AdminUser,
        Access.AnalystPage => caller is Caller.Analyst or Caller.AdminUser,
        Access.AdminPage => caller == Caller.AdminUser,
        Access.Docs or Access.DocsPage => caller != Caller.Anonymous,
        _ => false,
    };

    private static bool IsPage(Access access) => access is Access.SignedIn or Access.OperatorPage or Access.AnalystPage or Access.AdminPage or Access.DocsPage;

    private static bool IsKey(Caller caller) => caller is Caller.IngestKey or Caller.ReadKey or Caller.AdminKey;

    private List<(string Method, string Pattern)> MappedRoutes()
    {
        var routes = new List<(string, string)>();
        foreach (var source in app.Services.GetServices<EndpointDataSource>())
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")) continue;
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (Skipped(pattern)) continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            // Pages answer GET and POST (their forms); one GET per page is enough. Hangfire and hubs map every method.
            var method = methods.Count == 0 ? (pattern.EndsWith("/negotiate", StringComparison.Ordinal) ? "POST" : "GET")
                : methods.Contains("GET") ? "GET" : methods[0];
            routes.Add((method, pattern));
        }
        return routes.Distinct().ToList();
    }

    [Fact]
    public void Every_mapped_route_has_an_expected_access()
    {
        var missing = MappedRoutes().Select(r => $"{r.Method} {r.Pattern}").Where(r => !Expected.ContainsKey(r)).ToList();

        Assert.True(missing.Count == 0, "Routes without an expected access in this test: " + string.Join(", ", missing));
    }

    public static TheoryData<Caller> Callers => new(Enum.GetValues<Caller>());

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Each_route_admits_exactly_the_callers_it_should(Caller caller)
    {
        var client = app.Callers[caller];
        var failures = new List<string>();
        foreach (var (method, pattern) in MappedRoutes())
        {
            var access = Expected[$"{method} {pattern}"];
            var path = pattern.Replace("{documentName}", "v1").Replace("{documentName?}", "v1").Replace("{id:long}", "999999").Replace("{caseId:long}", "999999").Replace("{RunId:long}", "999999").Replace("{CaseId:long}", "999999").Replace("{name}", "no-such-model").Replace("{Name}", "no-such-model")
                .Replace("{table}", "daily").Replace("{key}", "no-such-source").Replace("{traceId}", "0123456789abcdef0123456789abcdef").Replace("{**path}", "").TrimEnd('/');
            if (path.Length == 0) path = "/";
            if (pattern.EndsWith("/negotiate", StringComparison.Ordinal)) path += "?negotiateVersion=1";
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location is { } to ? new Uri(app.BaseAddress, to).PathAndQuery : string.Empty;
            var allowed = Allows(access, caller);
            string? wrong = null;
            if (status >= 500) wrong = "a server error";
            else if (IsPage(access))
            {
                if (allowed && status != 200) wrong = $"{status} {location} instead of the page";
                else if (!allowed && (caller == Caller.Anonymous || IsKey(caller)) && !(status == 302 && location.StartsWith("/login", StringComparison.Ordinal)))
                    wrong = $"{status} {location} instead of the sign-in form";
                else if (!allowed && !IsKey(caller) && caller != Caller.Anonymous && !(status == 302 && location.StartsWith("/access-denied", StringComparison.Ordinal)))
                    wrong = $"{status} {location} instead of access denied";
            }
            else if (allowed && status is 401 or 403) wrong = $"{status} though it may";
            else if (!allowed && caller == Caller.Anonymous && status != 401) wrong = $"{status} instead of 401";
            else if (!allowed && caller != Caller.Anonymous && status != 403) wrong = $"{status} instead of 403";
            if (wrong is not null) failures.Add($"{method} {path} ({access}): {wrong}");
        }

        Assert.True(failures.Count == 0, $"{caller}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_session_outlives_the_matrix()
    {
        using var response = await app.Callers[Caller.Operator].GetAsync("/logs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
