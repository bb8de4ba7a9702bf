using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiLogger.Tests.Support;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Api;

/// <summary>The OpenAPI document describes every API route with its authentication and errors; the reference page is served from AI-Logger itself.</summary>
public sealed partial class ApiDocumentationTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Every_mapped_api_route_appears_in_the_document_with_its_method()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var missing = new List<string>();
        foreach (var source in app.Services.GetServices<EndpointDataSource>())
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!(Routes.IsApiRoute(pattern) || pattern is "/healthz" or "/metrics") || pattern.StartsWith("/hubs", StringComparison.Ordinal)
                || pattern.Contains("{**path}", StringComparison.Ordinal) || pattern.StartsWith("/openapi", StringComparison.Ordinal))
                continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            // The document writes route constraints away ({id:long} → {id}) and has no trailing slash.
            var documented = Constraint().Replace(pattern, "{$1}").TrimEnd('/');
            if (documented.Length == 0) documented = "/";
            foreach (var method in methods)
                if (!paths.TryGetProperty(documented, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                    missing.Add($"{method} {documented}");
        }

        Assert.True(missing.Count == 0, "Not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Operations_name_their_authentication_and_error_shapes()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-API-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));

        var search = document.GetProperty("paths").GetProperty("/api/logs/search").GetProperty("get");
        Assert.Contains("`read` scope", search.GetProperty("description").GetString());
        Assert.NotEmpty(search.GetProperty("security").EnumerateArray());
        Assert.Equal("#/components/schemas/ProblemDetails",
            search.GetProperty("responses").GetProperty("401").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        var seq = document.GetProperty("paths").GetProperty("/ingest/clef").GetProperty("post").GetProperty("responses").GetProperty("400");
        Assert.Equal("#/components/schemas/SeqError", seq.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var health = document.GetProperty("paths").GetProperty("/healthz").GetProperty("get");
        Assert.False(health.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task The_document_and_the_reference_need_a_key_or_a_sign_in()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

        using var document = await anonymous.GetAsync("/openapi/v1.json");
        using var reference = await anonymous.GetAsync("/api/docs/");

        Assert.Equal(HttpStatusCode.Unauthorized, document.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reference.StatusCode);
        Assert.StartsWith("/login", new Uri(app.BaseAddress, reference.Headers.Location!).PathAndQuery);
    }

    [Fact]
    public async Task The_reference_page_loads_its_script_from_ai_logger_under_a_nonce_the_csp_allows()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);

        using var page = await session.Client.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var nonce = Nonce().Match(html).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("cdn.", html);
        using var script = await session.Client.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [GeneratedRegex(@"\{([A-Za-z]+):[^}]+\}")]
    private static partial Regex Constraint();

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex Nonce();
}
