using System.Net;
using System.Text.RegularExpressions;

namespace AiLogger.Tests.Support;

/// <summary>
/// A browser's session without the browser: signs in through the real sign-in form (antiforgery token included) and
/// keeps the cookie. Requests that change state carry the header that proves they come from AI-Logger's own pages.
/// </summary>
public sealed partial class CookieSession : IDisposable
{
    public const string CsrfHeader = "X-AiLogger-Request";

    private CookieSession(HttpClient client, CookieContainer cookies)
    {
        Client = client;
        Cookies = cookies;
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    public static async Task<CookieSession> SignInAsync(Uri baseAddress, string email, string password, bool csrfHeader = true)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (csrfHeader) client.DefaultRequestHeaders.Add(CsrfHeader, "1");
        var session = new CookieSession(client, cookies);
        using var response = await session.PostFormAsync("/login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return session;
    }

    /// <summary>
    /// Posts a form of the page at <paramref name="path"/> as a browser would, with the page's antiforgery token, to
    /// <paramref name="action"/> (the page itself by default).
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, IDictionary<string, string> fields, string? action = null)
    {
        var page = await Client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success) throw new InvalidOperationException($"{path} has no antiforgery token.");
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await Client.PostAsync(action ?? path, new FormUrlEncodedContent(form));
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
