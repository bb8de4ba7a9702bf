using System.Net;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiLogger.Tests.Alerts;

/// <summary>
/// An internal service on this machine, that an admin (or a stolen admin session) points a channel at: with the
/// default policy no request reaches it, and where it may be reached its answer never shows in the UI.
/// </summary>
public sealed class ChannelTargetTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const string Secret = "db-password=hunter2-internal-only";
    private WebApplication _internal = default!;
    private int _hits;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _internal = builder.Build();
        _internal.MapPost("/{**path}", () =>
        {
            Interlocked.Increment(ref _hits);
            return Results.Text(Secret, statusCode: 500);
        });
        _internal.MapGet("/{**path}", () => Results.Text(Secret));
        await _internal.StartAsync();
    }

    public async Task DisposeAsync() => await _internal.DisposeAsync();

    private string InternalUrl => new Uri(new Uri(_internal.Urls.First()), "/admin/config").ToString();

    [Theory]
    [InlineData("http://127.0.0.1:{port}/admin/config")]
    [InlineData("http://localhost:{port}/admin/config")]
    [InlineData("http://[::1]:{port}/admin/config")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.1.2.3/hook")]
    public async Task A_channel_to_loopback_or_a_private_address_is_refused_when_saved(string template)
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        var url = template.Replace("{port}", new Uri(InternalUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await admin.PostJsonTextAsync("/api/alerts/channels", $$"""{"name":"probe {{Guid.NewGuid():N}}","kind":"webhook","url":"{{url}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("url")[0].GetString();
        Assert.Contains("loopback, private or this machine's own address", error);
        Assert.Equal(0, _hits);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_delivery_without_a_request()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        // The machine's own name resolves to its own addresses (loopback or its interfaces), where its services listen.
        var url = InternalUrl.Replace("127.0.0.1", System.Net.Dns.GetHostName(), StringComparison.Ordinal);
        using var created = await admin.PostJsonTextAsync("/api/alerts/channels", $$"""{"name":"by name","kind":"webhook","url":"{{url}}"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();

        using var test = await admin.PostAsync($"/api/alerts/channels/{id}/test", null);
        var result = await test.ReadJsonAsync();

        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.Contains("Not sent", result.GetProperty("error").GetString());
        Assert.Equal(0, _hits);
    }
}

/// <summary>With loopback allowed (AlertAppFixture), the target is reached but its body never comes back.</summary>
public sealed class ChannelEchoTests(AlertAppFixture app) : IClassFixture<AlertAppFixture>
{
    [Fact]
    public async Task A_failing_targets_body_is_not_shown_only_its_status()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var target = builder.Build();
        target.MapPost("/{**path}", () => Results.Text("internal-secret-" + new string('x', 400), statusCode: 500));
        target.MapPost("/moved", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        await target.StartAsync();
        using var admin = app.CreateClient(AppFixture.AdminKey);

        foreach (var (path, expected) in new[] { ("/admin", "HTTP 500"), ("/moved", "redirects are not followed") })
        {
            using var created = await admin.PostJsonTextAsync("/api/alerts/channels",
                $$"""{"name":"echo {{path}} {{Guid.NewGuid():N}}","kind":"webhook","url":"{{new Uri(new Uri(target.Urls.First()), path)}}"}""");
            var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
            using var test = await admin.PostAsync($"/api/alerts/channels/{id}/test", null);
            var error = (await test.ReadJsonAsync()).GetProperty("error").GetString()!;
            using var channel = await admin.GetAsync($"/api/alerts/channels/{id}");
            var lastError = (await channel.ReadJsonAsync()).GetProperty("lastError").GetString()!;

            Assert.Contains(expected, error);
            Assert.DoesNotContain("internal-secret", error);
            Assert.DoesNotContain("internal-secret", lastError);
            Assert.True(error.Length < 200, error);
        }
    }
}
