using System.Net;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.ScaleOutTests;

/// <summary>
/// Two app instances on one PostgreSQL database: the data-protection key ring is in the database, so a sign-in
/// cookie node A issued opens node B's pages and API.
/// </summary>
public sealed class CrossNodeCookieTests
{
    /// <summary>An app on a database another fixture made.</summary>
    private sealed class NodeFixture(string database) : AppFixture(new Dictionary<string, string?>
    {
        ["ConnectionStrings:AiLogger"] = database,
        ["AiLogger:Storage:Provider"] = "Postgres",
    });

    [SkippableFact]
    public async Task A_cookie_issued_by_one_node_is_accepted_by_the_other()
    {
        ScaleOut.RequirePostgres();
        // In-process apps choose their stores from the environment while registering services (see TestStorage), so
        // two of them on one PostgreSQL database run in the PostgreSQL pass of .ci/run.
        Skip.IfNot(TestStorage.IsPostgres, "runs in the PostgreSQL pass (AILOGGER_TEST_PROVIDER=postgres)");
        var database = TestStorage.CreatePostgresDatabase();
        NodeFixture? a = null, b = null;
        try
        {
            a = new NodeFixture(database);
            await a.InitializeAsync();
            b = new NodeFixture(database);
            await b.InitializeAsync();

            using var session = await CookieSession.SignInAsync(a.BaseAddress, AppFixture.AdminEmail, AppFixture.AdminPassword);
            using var onB = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = b.BaseAddress };
            onB.DefaultRequestHeaders.Add("Cookie", session.CookieHeader);

            using var page = await onB.GetAsync("/alerts/rules");
            using var api = await onB.GetAsync("/api/alerts/rules");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);

            // Without the cookie B sends the browser to its sign-in form: the cookie was what opened it.
            using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = b.BaseAddress };
            using var refused = await anonymous.GetAsync("/alerts/rules");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/login", refused.Headers.Location?.ToString());
        }
        finally
        {
            if (b is not null) await b.DisposeAsync();
            if (a is not null) await a.DisposeAsync();
            TestStorage.DropPostgresDatabase(database);
        }
    }
}
