using System.Net;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>What a browser without a session gets, and the headers every answer carries.</summary>
public sealed class WebSecurityTests(AppFixture app) : IClassFixture<AppFixture>
{
    private HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    [Theory]
    [InlineData("/")]
    [InlineData("/logs")]
    [InlineData("/settings/users")]
    [InlineData("/hangfire")]
    public async Task Pages_redirect_anonymous_visitors_to_the_sign_in_form(string path)
    {
        using var client = Anonymous();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/setup")]
    [InlineData("/healthz")]
    public async Task Sign_in_setup_and_health_are_open(string path)
    {
        using var client = Anonymous();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_without_a_key_answers_401_in_json_not_a_redirect()
    {
        using var client = Anonymous();
        using var response = await client.GetAsync("/api/logs/search");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("An API key is required", await response.ErrorMessageAsync());
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/logs/search")]
    public async Task Answers_carry_the_security_headers(string path)
    {
        using var client = Anonymous();
        using var response = await client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Fact]
    public async Task Sign_in_form_is_protected_against_cross_site_posts()
    {
        using var client = Anonymous();
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = AppFixture.AdminEmail, ["Input.Password"] = AppFixture.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ailogger.auth")));
    }
}
