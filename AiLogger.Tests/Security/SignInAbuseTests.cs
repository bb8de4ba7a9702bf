using System.Net;
using AiLogger.Infrastructure.Security;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Security;

/// <summary>
/// The sign-in form as an attacker uses it, from several client addresses (a trusted proxy on loopback forwards them):
/// failures cost the sender, not the account's owner, and answers take one password check whether the account exists or not.
/// </summary>
public sealed class SignInAbuseTests(SignInAbuseTests.CountingApp app) : IClassFixture<SignInAbuseTests.CountingApp>
{
    public sealed class CountingHasher : IPasswordHasher<AiLoggerUser>
    {
        private readonly PasswordHasher<AiLoggerUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AiLoggerUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AiLoggerUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public sealed class CountingApp : AppFixture
    {
        public CountingHasher Hasher { get; } = new();

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["AiLogger:Network:KnownProxies:0"] = "127.0.0.1";
                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<AiLoggerUser>>(Hasher));
        }
    }

    private async Task<(HttpStatusCode Status, string Page)> TrySignInAsync(string email, string password, string from)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", from);
        var page = await client.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email, ["Input.Password"] = password,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_passwords_from_an_attacker_do_not_lock_the_admin_out()
    {
        for (var i = 0; i < 8; i++) await TrySignInAsync(AppFixture.AdminEmail, "wrong-password-" + i, "203.0.113.66");

        var attacker = await TrySignInAsync(AppFixture.AdminEmail, AppFixture.AdminPassword, "203.0.113.66");
        var owner = await TrySignInAsync(AppFixture.AdminEmail, AppFixture.AdminPassword, "198.51.100.20");

        Assert.Equal(HttpStatusCode.OK, attacker.Status);
        Assert.Contains("Too many failed attempts from your address", attacker.Page);
        Assert.Equal(HttpStatusCode.Redirect, owner.Status);
    }

    [Fact]
    public async Task Unknown_and_known_accounts_cost_one_password_check_each()
    {
        var counts = new List<int>();
        foreach (var (email, password) in new[] { ("nobody@ailogger.test", "some-password-1"), (AppFixture.AdminEmail, "some-password-1"), (AppFixture.AdminEmail, AppFixture.AdminPassword) })
        {
            var before = app.Hasher.Verifications;
            await TrySignInAsync(email, password, "192.0.2.77");
            counts.Add(app.Hasher.Verifications - before);
        }

        Assert.Equal([1, 1, 1], counts);
    }
}

/// <summary>AiLogger:RateLimits: floods of sign-in posts and of keyed requests get 429 with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApp app) : IClassFixture<RateLimitTests.LimitedApp>
{
    public sealed class LimitedApp() : AppFixture(new Dictionary<string, string?>
    {
        ["AiLogger:RateLimits:SignInPerMinute"] = "3",
        ["AiLogger:RateLimits:KeyRequestsPerSecond"] = "2",
        ["AiLogger:RateLimits:KeyBurst"] = "2",
    });

    [Fact]
    public async Task The_fourth_sign_in_post_in_a_minute_is_429_with_retry_after()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@y.z" }));
            statuses.Add(last.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts", await last.Content.ReadAsStringAsync());
        last.Dispose();
    }

    [Fact]
    public async Task A_key_past_its_rate_gets_429_naming_it()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) responses.Add(await client.GetAsync("/api/logs/search?limit=1"));

        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("requests a second", await refused.ErrorMessageAsync());
        foreach (var response in responses) response.Dispose();
    }
}
