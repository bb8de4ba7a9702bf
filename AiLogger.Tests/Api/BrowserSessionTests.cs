using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>
/// The sign-in cookie is good for AI-Logger's own pages and nothing else: no forged cross-site writes, no reuse after
/// sign-out.
/// </summary>
public sealed class BrowserSessionTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string AttackerChannel = """{"name":"exfil","kind":"webhook","url":"https://attacker.example/hook"}""";

    private async Task<int> ChannelCountAsync()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        return (await (await admin.GetAsync("/api/alerts/channels")).ReadJsonAsync()).GetArrayLength();
    }

    [Fact]
    public async Task A_cross_origin_write_with_only_the_admin_cookie_is_refused_and_creates_nothing()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword, csrfHeader: false);
        var before = await ChannelCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/channels")
        {
            Content = new StringContent(AttackerChannel, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await session.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("https://evil.example may not use this session", await response.ErrorMessageAsync());
        Assert.Equal(before, await ChannelCountAsync());
    }

    [Fact]
    public async Task A_form_post_without_the_request_header_is_refused()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword, csrfHeader: false);

        using var form = await session.Client.PostAsync("/api/alerts/channels",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "exfil", ["kind"] = "webhook", ["url"] = "https://attacker.example" }));
        using var upload = new MultipartFormDataContent { { new StringContent("{\"message\":\"planted\"}\n"), "file", "planted.jsonl" } };
        using var import = await session.Client.PostAsync("/api/imports", upload);

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("X-AiLogger-Request", await form.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
    }

    [Fact]
    public async Task A_text_plain_body_is_415_even_with_the_header()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);
        var before = await ChannelCountAsync();

        using var response = await session.Client.PostAsync("/api/alerts/channels", new StringContent(AttackerChannel, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.ErrorMessageAsync());
        Assert.Equal(before, await ChannelCountAsync());
    }

    [Fact]
    public async Task The_same_origin_with_the_header_and_json_may_write()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/channels")
        {
            Content = new StringContent("""{"name":"own page","kind":"webhook","url":"https://hooks.example.com/x"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));

        using var response = await session.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_key_holder_is_not_asked_for_the_header()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);

        using var response = await client.PostAsync("/ingest/clef", new StringContent("""{"@t":"2026-11-25T10:00:00Z","@mt":"by key"}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_cookie_saved_before_sign_out_no_longer_works_after_it()
    {
        using var session = await CookieSession.SignInAsync(app.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);
        var saved = session.CookieHeader;
        Assert.Contains("ailogger.auth=", saved);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/api/logs/search?limit=1")).StatusCode);

        using var signOut = await session.PostFormAsync("/logs", "", new Dictionary<string, string>(), "/logout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", saved);
        replay.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var api = await replay.GetAsync("/api/logs/search?limit=1");
        using var page = await replay.GetAsync("/logs");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", new Uri(app.BaseAddress, page.Headers.Location!).PathAndQuery);
    }
}
