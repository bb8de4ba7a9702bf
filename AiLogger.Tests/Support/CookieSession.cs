using System.Net;
using System.Text.RegularExpressions;

namespace AiLogger.Tests.Support;

/// <summary>
/// A browser's session without the browser: signs in through the real sign-in form (antiforgery token included) and
/// keeps the cookies. Requests that change state carry the header that proves they come from AI-Logger's own pages.
/// The cookie jar is this class's own, so a session behind a (simulated) TLS proxy keeps its Secure cookies on
/// plain HTTP, as the proxy would.
/// </summary>
public sealed partial class CookieSession : IDisposable
{
    public const string CsrfHeader = "X-AiLogger-Request";

    private readonly CookieJar _jar;

    private CookieSession(HttpClient client, CookieJar jar)
    {
        Client = client;
        _jar = jar;
    }

    public HttpClient Client { get; }

    /// <summary>The <c>Cookie</c> header the session sends now.</summary>
    public string CookieHeader => _jar.Header;

    /// <summary>The <c>Set-Cookie</c> values of the sign-in answer.</summary>
    public IReadOnlyList<string> SignInCookies { get; private set; } = [];

    /// <param name="headers">Sent with every request of the session (a proxy's forwarded headers, say).</param>
    public static async Task<CookieSession> SignInAsync(
        Uri baseAddress, string email, string password, bool csrfHeader = true, IDictionary<string, string>? headers = null)
    {
        var jar = new CookieJar(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        var client = new HttpClient(jar) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (csrfHeader) client.DefaultRequestHeaders.Add(CsrfHeader, "1");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) client.DefaultRequestHeaders.Add(name, value);
        var session = new CookieSession(client, jar);
        using var response = await session.PostFormAsync("/login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        session.SignInCookies = response.Headers.TryGetValues("Set-Cookie", out var issued) ? issued.ToList() : [];
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

    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = [];

        public string Header
        {
            get { lock (_cookies) return string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")); }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = Header;
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
                lock (_cookies)
                    foreach (var value in values)
                    {
                        var pair = value.Split(';', 2)[0];
                        var equals = pair.IndexOf('=');
                        if (equals <= 0) continue;
                        var name = pair[..equals];
                        var cookie = pair[(equals + 1)..];
                        var expired = value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || cookie.Length == 0;
                        if (expired) _cookies.Remove(name);
                        else _cookies[name] = cookie;
                    }
            return response;
        }
    }
}
