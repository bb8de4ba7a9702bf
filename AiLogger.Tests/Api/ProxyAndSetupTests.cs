using System.Net;
using AiLogger.Tests.Support;
using AiLogger.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Api;

/// <summary>A fresh install with nobody to sign in, reached straight and through a reverse proxy on the same host.</summary>
public sealed class SetupTests(SetupTests.FreshApp app) : IClassFixture<SetupTests.FreshApp>
{
    public sealed class FreshApp() : AppFixture(new Dictionary<string, string?>
    {
        ["AiLogger:Bootstrap:AdminEmail"] = null,
        ["AiLogger:Bootstrap:AdminPassword"] = null,
    });

    private static Dictionary<string, string> Form(string email, string token) => new()
    {
        ["Input.Token"] = token,
        ["Input.Email"] = email,
        ["Input.Password"] = "first-admin-password",
        ["Input.Confirm"] = "first-admin-password",
    };

    private async Task<IReadOnlyList<string>> UsersAsync()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var users = await (await admin.GetAsync("/api/users")).ReadJsonAsync();
        return users.EnumerateArray().Select(u => $"{u.GetProperty("email").GetString()}:{u.GetProperty("role").GetString()}").ToList();
    }

    private async Task<HttpResponseMessage> PostSetupAsync(string email, string token, IDictionary<string, string>? headers = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) client.DefaultRequestHeaders.Add(name, value);
        var page = await client.GetStringAsync("/setup");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        if (!antiforgery.Success) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page) };
        var form = Form(email, token);
        form["_handler"] = "setup";
        form["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value);
        return await client.PostAsync("/setup", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Setup_refuses_proxied_and_tokenless_requests_then_six_racing_posts_create_one_admin()
    {
        var token = app.Services.GetRequiredService<SetupToken>().Value;
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };

        // Through nginx on the same host: the socket says loopback, the proxy's header says otherwise.
        var proxied = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7", ["X-Real-IP"] = "203.0.113.7" };
        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/setup");
        viaProxy.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Contains("data-testid=\"setup-remote\"", await (await anonymous.SendAsync(viaProxy)).Content.ReadAsStringAsync());
        using (await PostSetupAsync("proxied@ailogger.test", token, proxied)) { }
        Assert.Empty(await UsersAsync());

        // Straight, but without the token from the console.
        using (var wrong = await PostSetupAsync("guesser@ailogger.test", "0123456789abcdef0123456789abcdef"))
            Assert.Contains("The setup token is not right", await wrong.Content.ReadAsStringAsync());
        Assert.Empty(await UsersAsync());

        var racers = Enumerable.Range(0, 6).Select(i => PostSetupAsync($"racer{i}@ailogger.test", token)).ToList();
        foreach (var response in await Task.WhenAll(racers)) response.Dispose();

        var users = await UsersAsync();
        Assert.Single(users);
        Assert.EndsWith(":Admin", users[0]);
        Assert.Contains("data-testid=\"setup-done\"", await anonymous.GetStringAsync("/setup"));
    }
}

/// <summary>Forwarded headers count only from the proxies named in AiLogger:Network.</summary>
public sealed class TrustedProxyTests(TrustedProxyTests.ProxiedApp app) : IClassFixture<TrustedProxyTests.ProxiedApp>
{
    public sealed class ProxiedApp() : AppFixture(new Dictionary<string, string?>
    {
        ["AiLogger:Network:KnownProxies:0"] = "127.0.0.1",
    });

    [Fact]
    public async Task Behind_a_trusted_tls_proxy_the_sign_in_cookie_is_secure_and_hsts_is_sent()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword,
            headers: new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "198.51.100.4", ["X-Forwarded-Host"] = "logs.example.com" });

        var cookie = Assert.Single(session.SignInCookies, c => c.StartsWith("ailogger.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        using var response = await session.Client.GetAsync("/healthz");
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_client_address_forwarded_by_the_trusted_proxy_is_not_local()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.4");

        var page = await client.GetStringAsync("/setup");

        Assert.Contains("data-testid=\"setup-done\"", page);
    }
}

/// <summary>Without configured proxies, nobody's forwarded headers count, not even loopback's.</summary>
public sealed class UntrustedProxyTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_forwarded_https_from_an_unknown_proxy_does_not_make_the_cookie_secure()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword,
            headers: new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });

        var cookie = Assert.Single(session.SignInCookies, c => c.StartsWith("ailogger.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary><c>AiLogger:Network:SecureCookies=Always</c>: for a proxy that does not say it terminated TLS.</summary>
public sealed class AlwaysSecureCookieTests(AlwaysSecureCookieTests.SecureApp app) : IClassFixture<AlwaysSecureCookieTests.SecureApp>
{
    public sealed class SecureApp() : AppFixture(new Dictionary<string, string?>
    {
        ["AiLogger:Network:SecureCookies"] = "Always",
    });

    [Fact]
    public async Task The_sign_in_cookie_is_secure_on_plain_http_too()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);

        var cookie = Assert.Single(session.SignInCookies, c => c.StartsWith("ailogger.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
