using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Alerts;

/// <summary>The alerts API on the real app: validation that names the field, rules and channels, acknowledging, dry run and preview, who may do what.</summary>
public sealed class AlertApiTests(AlertAppFixture app) : IClassFixture<AlertAppFixture>
{
    private readonly HttpClient _admin = app.CreateClient(AppFixture.AdminKey);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpClient> ReaderAsync()
    {
        var key = await _admin.CreateAsync("/api/keys", new { name = "reader " + AlertApi.Marker(), scopes = new[] { "read" } });
        return app.CreateClient(key.GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("""{"name":"q","query":"level:","window":"5m","threshold":3}""", "query", "Query error at character")]
    [InlineData("""{"name":"w","query":"level:error","window":"5 minutes","threshold":3}""", "window", "is not a duration")]
    [InlineData("""{"name":"t","query":"level:error","window":"5m"}""", "threshold", "needs a threshold")]
    [InlineData("""{"name":"t2","query":"level:error","window":"5m","threshold":"lots"}""", "threshold", "a number")]
    [InlineData("""{"name":"c","query":"level:error","window":"5m","threshold":3,"comparison":"~"}""", "comparison", "not a comparison")]
    [InlineData("""{"name":"s","query":"level:error","window":"5m","threshold":3,"severity":"urgent"}""", "severity", "not a severity")]
    [InlineData("""{"name":"ch","query":"level:error","window":"5m","threshold":3,"channels":[987654]}""", "channels", "No channel has id 987654")]
    [InlineData("""{"name":"ch2","query":"level:error","window":"5m","threshold":3,"channels":["ops"]}""", "channels", "an array of channel ids")]
    [InlineData("""{"name":"m","kind":"modelMetric","model":"clf","metric":"auc","window":"7d","comparison":"<","threshold":0.8}""", "metric", "not a modelMetric metric")]
    [InlineData("""{"query":"level:error","window":"5m","threshold":3}""", "name", "needs a name")]
    public async Task An_invalid_rule_is_refused_with_400_naming_the_field(string body, string field, string message)
    {
        using var response = await _admin.PostAsync("/api/alerts/rules", Json(body));
        var json = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, json.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_rule_is_created_read_changed_and_deleted_with_durations_as_text()
    {
        var name = "CRUD " + AlertApi.Marker();
        var created = await _admin.CreateAsync("/api/alerts/rules",
            new { name, query = "level>=warning", groupBy = "source", window = "00:05:00", threshold = 10, @for = "2m", severity = "critical" });
        var id = created.GetProperty("id").GetInt64();

        Assert.Equal("5m", created.GetProperty("window").GetString());
        Assert.Equal("2m", created.GetProperty("for").GetString());
        Assert.Equal("5m", created.GetProperty("cooldown").GetString());
        Assert.Equal(">=", created.GetProperty("comparison").GetString());
        Assert.Equal("critical", created.GetProperty("severity").GetString());
        Assert.Equal("source", created.GetProperty("groupBy").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal("ok", created.GetProperty("status").GetString());
        using var duplicate = await _admin.PostAsJsonAsync("/api/alerts/rules", new { name = name.ToUpperInvariant(), window = "5m", threshold = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("exists already", (await duplicate.ReadJsonAsync()).GetProperty("errors").GetProperty("name")[0].GetString());

        using var put = await _admin.PutAsJsonAsync($"/api/alerts/rules/{id}", new { name, query = "level>=error", window = "1h", threshold = 5, enabled = false });
        var changed = await put.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("1h", changed.GetProperty("window").GetString());
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Contains(name, (await _admin.GetJsonAsync("/api/alerts/rules")).EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
        using var gone = await _admin.GetAsync($"/api/alerts/rules/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains($"No alert rule has id {id}", await gone.ErrorMessageAsync());
        using var putGone = await _admin.PutAsJsonAsync($"/api/alerts/rules/{id}", new { name, window = "1h", threshold = 5 });
        Assert.Equal(HttpStatusCode.NotFound, putGone.StatusCode);
    }

    [Fact]
    public async Task An_operator_acknowledges_a_firing_alert()
    {
        var marker = AlertApi.Marker();
        var rule = (await _admin.CreateAsync("/api/alerts/rules", new { name = "Ack " + marker, query = marker, window = "10m", threshold = 1 }))
            .GetProperty("id").GetInt64();
        await _admin.IngestAsync(marker, 2);
        await _admin.EvaluateAsync();
        var reader = await ReaderAsync();

        var firing = Assert.Single(await reader.AlertsAsync(rule, "firing"));
        var id = firing.GetProperty("id").GetInt64();
        Assert.Contains(id, (await reader.AlertsAsync(rule, "unacknowledged")).Select(a => a.GetProperty("id").GetInt64()));
        using var ack = await reader.PostAsync($"/api/alerts/{id}/acknowledge", null);
        var acknowledged = await ack.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.True(acknowledged.GetProperty("acknowledged").GetBoolean());
        Assert.StartsWith("API key 'reader", acknowledged.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("firing", acknowledged.GetProperty("state").GetString());
        Assert.Single(await reader.AlertsAsync(rule, "acknowledged"));
        Assert.Empty(await reader.AlertsAsync(rule, "unacknowledged"));
        var one = await reader.GetJsonAsync($"/api/alerts/{id}");
        Assert.Equal(2, one.GetProperty("value").GetDouble());
        using var missing = await reader.PostAsync("/api/alerts/987654/acknowledge", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No alert has id 987654", await missing.ErrorMessageAsync());
        var counts = await reader.GetJsonAsync("/api/alerts/counts");
        Assert.True(counts.GetProperty("firing").GetInt32() >= 1);
    }

    [Fact]
    public async Task Reading_alerts_needs_a_key_and_configuring_them_needs_admin()
    {
        var reader = await ReaderAsync();
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/alerts/rules", Json("""{"name":"x","window":"5m","threshold":1}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/alerts/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/alerts/channels")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/alerts/evaluate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/alerts/evaluate", null)).StatusCode);
    }

    [Theory]
    [InlineData("state=burning", "state", "not a state")]
    [InlineData("rule=abc", "rule", "a rule's id")]
    [InlineData("before=-1", "before", "an alert's id")]
    [InlineData("limit=5000", "limit", "from 1 to 500")]
    public async Task A_bad_list_filter_is_refused_naming_the_parameter(string query, string field, string message)
    {
        using var response = await _admin.GetAsync("/api/alerts?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadJsonAsync()).GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_dry_run_says_whether_the_draft_would_fire_now_and_shows_samples()
    {
        var marker = AlertApi.Marker();
        await _admin.IngestAsync(marker, 4);

        using var fires = await _admin.PostAsJsonAsync("/api/alerts/rules/dry-run", new { query = marker, window = "10m", threshold = 4 });
        using var quiet = await _admin.PostAsJsonAsync("/api/alerts/rules/dry-run", new { query = marker, window = "10m", comparison = ">", threshold = 4 });
        using var pending = await _admin.PostAsJsonAsync("/api/alerts/rules/dry-run", new { query = marker, window = "10m", threshold = 1, @for = "5m" });
        using var invalid = await _admin.PostAsJsonAsync("/api/alerts/rules/dry-run", new { query = marker, window = "soon", threshold = 1 });

        var yes = await fires.ReadJsonAsync();
        Assert.True(yes.GetProperty("wouldFire").GetBoolean(), yes.ToString());
        Assert.Equal(4, yes.GetProperty("value").GetDouble());
        Assert.Equal(4, yes.GetProperty("samples").GetArrayLength());
        var no = await quiet.ReadJsonAsync();
        Assert.False(no.GetProperty("wouldFire").GetBoolean());
        Assert.Equal(4, no.GetProperty("value").GetDouble());
        Assert.Contains("pending for 5m", (await pending.ReadJsonAsync()).GetProperty("note").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.ReadJsonAsync()).GetProperty("errors").TryGetProperty("window", out _));
        Assert.DoesNotContain((await _admin.GetJsonAsync("/api/alerts?state=firing")).EnumerateArray(),
            a => a.GetProperty("condition").GetString()!.Contains(marker));
    }

    [Fact]
    public async Task The_preview_charts_the_count_over_the_window_against_the_threshold()
    {
        var marker = AlertApi.Marker();
        await _admin.IngestAsync(marker, 6, ago: TimeSpan.FromMinutes(3));

        using var response = await _admin.PostAsJsonAsync("/api/alerts/rules/preview?range=1h", new { query = marker, window = "5m", threshold = 5 });
        var preview = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1m", preview.GetProperty("interval").GetString());
        var points = preview.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(60, points.Count);
        Assert.Equal(6, points.Sum(p => p.GetProperty("count").GetDouble()));
        Assert.Equal(6, points.Max(p => p.GetProperty("value").GetDouble()));
        Assert.InRange(preview.GetProperty("pointsAbove").GetInt32(), 4, 5);
        using var badRange = await _admin.PostAsJsonAsync("/api/alerts/rules/preview?range=30d", new { query = marker, window = "5m", threshold = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
    }

    [Fact]
    public async Task A_model_metric_rule_without_metrics_stays_ok_and_says_there_is_no_data()
    {
        var rule = (await _admin.CreateAsync("/api/alerts/rules", new
        {
            name = "Glass recall " + AlertApi.Marker(), kind = "modelMetric", model = "glass-classifier", metric = "recall", @class = "glass",
            window = "7d", comparison = "<", threshold = 0.8,
        })).GetProperty("id").GetInt64();

        var evaluated = AlertApi.RuleIn(await _admin.EvaluateAsync(), rule);

        Assert.Equal("ok", evaluated.GetProperty("status").GetString());
        Assert.StartsWith("No data: model 'glass-classifier' has no recall for class 'glass'", evaluated.GetProperty("note").GetString());
        Assert.StartsWith("No data", (await _admin.GetJsonAsync($"/api/alerts/rules/{rule}")).GetProperty("lastNote").GetString());
    }

    [Fact]
    public async Task A_test_notification_reaches_an_smtp_server_and_reports_success()
    {
        var channel = (await _admin.CreateAsync("/api/alerts/channels", new
        {
            name = "mail " + AlertApi.Marker(), kind = "email", smtpHost = "127.0.0.1", smtpPort = app.Smtp.Port, smtpSecurity = "none",
            from = "ailogger@example.test", to = new[] { "oncall@example.test", "lead@example.test" },
        })).GetProperty("id").GetInt64();

        using var response = await _admin.PostAsync($"/api/alerts/channels/{channel}/test", null);
        var result = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(result.GetProperty("success").GetBoolean(), result.ToString());
        var mail = Assert.Single(app.Smtp.Messages, m => m.To.Contains("<oncall@example.test>"));
        Assert.Equal("<ailogger@example.test>", mail.From);
        Assert.Contains("<lead@example.test>", mail.To);
        Assert.Contains("Subject: [AI-Logger] [LOW] TEST: Test notification", mail.Data);
        Assert.Contains("This is a sample event of a test notification.", mail.Data);
        Assert.NotEqual(JsonValueKind.Null, (await _admin.GetJsonAsync($"/api/alerts/channels/{channel}")).GetProperty("lastSuccessAt").ValueKind);
    }

    [Fact]
    public async Task A_firing_rule_mails_its_email_channel()
    {
        var marker = AlertApi.Marker();
        var channel = (await _admin.CreateAsync("/api/alerts/channels", new
        {
            name = "mail " + marker, kind = "email", smtpHost = "localhost", smtpPort = app.Smtp.Port, smtpSecurity = "none",
            from = "ailogger@example.test", to = new[] { $"{marker}@example.test" },
        })).GetProperty("id").GetInt64();
        await _admin.CreateAsync("/api/alerts/rules", new { name = "Mail " + marker, query = marker, window = "10m", threshold = 2, severity = "critical", channels = new[] { channel } });
        await _admin.IngestAsync(marker, 2);

        await _admin.EvaluateAsync();
        var mail = await AlertApi.EventuallyAsync(() => Task.FromResult(app.Smtp.Messages.FirstOrDefault(m => m.To.Contains($"<{marker}@example.test>"))), m => m is not null);

        Assert.NotNull(mail);
        Assert.Contains($"Subject: [AI-Logger] [CRITICAL] FIRING: Mail {marker}", mail.Data);
        Assert.Contains($"{AlertAppFixture.PublicUrl}/alerts?alert=", mail.Data);
    }

    [Fact]
    public async Task A_test_notification_to_a_failing_webhook_reports_the_error()
    {
        var url = app.Receiver.NewUrl(out var path);
        app.Receiver.FailFirst(path, 1);
        var channel = await _admin.WebhookChannelAsync(url);

        var result = await (await _admin.PostAsync($"/api/alerts/channels/{channel}/test", null)).ReadJsonAsync();
        var shown = await _admin.GetJsonAsync($"/api/alerts/channels/{channel}");

        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.Contains("HTTP 500", result.GetProperty("error").GetString());
        Assert.True(shown.GetProperty("failing").GetBoolean());
        using var body = JsonDocument.Parse(Assert.Single(app.Receiver.Requests(path)).Body);
        Assert.Equal("test", body.RootElement.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("""{"name":"a","kind":"webhook","url":"ftp://example.test/hook"}""", "url", "not an absolute http or https URL")]
    [InlineData("""{"name":"b","kind":"pager"}""", "kind", "not a kind of channel")]
    [InlineData("""{"name":"c","kind":"email","smtpHost":"mail.example.test","from":"me@example.test","to":["not an address"]}""", "to", "not an e-mail address")]
    [InlineData("""{"name":"d","kind":"email","from":"me@example.test","to":["a@example.test"]}""", "smtpHost", "needs the SMTP server")]
    public async Task An_invalid_channel_is_refused_with_400_naming_the_field(string body, string field, string message)
    {
        using var response = await _admin.PostAsync("/api/alerts/channels", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadJsonAsync()).GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Channel_secrets_are_never_read_back_and_deleting_a_channel_takes_it_off_its_rules()
    {
        var url = app.Receiver.NewUrl(out _);
        var created = await _admin.CreateAsync("/api/alerts/channels", new { name = "secret " + AlertApi.Marker(), kind = "webhook", url, secret = "do-not-show" });
        var id = created.GetProperty("id").GetInt64();
        var rule = (await _admin.CreateAsync("/api/alerts/rules", new { name = "On channel " + AlertApi.Marker(), window = "5m", threshold = 1_000_000, channels = new[] { id } }))
            .GetProperty("id").GetInt64();

        Assert.True(created.GetProperty("hasSecret").GetBoolean());
        Assert.DoesNotContain("do-not-show", created.ToString());
        Assert.DoesNotContain("do-not-show", (await _admin.GetJsonAsync("/api/alerts/channels")).ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/alerts/channels/{id}")).StatusCode);
        Assert.Empty((await _admin.GetJsonAsync($"/api/alerts/rules/{rule}")).GetProperty("channels").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"/api/alerts/channels/{id}/test", null)).StatusCode);
    }
}
