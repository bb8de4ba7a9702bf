using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiLogger.Domain.Alerts;
using AiLogger.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Alerts;

/// <summary>
/// Rules evaluated through <c>POST /api/alerts/evaluate</c> on the real app, notifying a real webhook receiver on
/// loopback: told once, not a hundred times; resolved once; retried after a failure.
/// </summary>
public sealed class AlertNotificationTests(AlertAppFixture app) : IClassFixture<AlertAppFixture>
{
    private readonly HttpClient _admin = app.CreateClient(AppFixture.AdminKey);

    private object Rule(string marker, long channel, string window = "10m", string cooldown = "1h", bool notifyOnResolve = true, string? groupBy = null, string? name = null) => new
    {
        name = name ?? "Payment failures " + marker,
        description = "More than a few failed payments",
        kind = "logs",
        query = $"{marker} level>=error",
        groupBy,
        window,
        comparison = ">=",
        threshold = 3,
        cooldown,
        severity = "high",
        notifyOnResolve,
        channels = new[] { channel },
    };

    [Fact]
    public async Task A_rule_that_keeps_firing_notifies_exactly_once_within_its_cooldown_with_a_signed_body()
    {
        var marker = AlertApi.Marker();
        const string secret = "s3cret-for-hmac";
        var url = app.Receiver.NewUrl(out var path);
        var channel = await _admin.WebhookChannelAsync(url, secret);
        var rule = await _admin.CreateAsync("/api/alerts/rules", Rule(marker, channel));
        var ruleId = rule.GetProperty("id").GetInt64();
        await _admin.IngestAsync(marker, 5);

        var first = AlertApi.RuleIn(await _admin.EvaluateAsync(), ruleId);
        for (var i = 0; i < 4; i++) await _admin.EvaluateAsync();
        var requests = await app.Receiver.WaitForAsync(path, 1);
        await Task.Delay(1_000);

        Assert.Equal("firing", first.GetProperty("status").GetString());
        Assert.Equal("fired", first.GetProperty("groups")[0].GetProperty("transition").GetString());
        var request = Assert.Single(app.Receiver.Requests(path));
        using var body = JsonDocument.Parse(request.Body);
        var json = body.RootElement;
        Assert.Equal(ruleId, json.GetProperty("rule").GetProperty("id").GetInt64());
        Assert.Equal("Payment failures " + marker, json.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal("high", json.GetProperty("severity").GetString());
        Assert.Equal("firing", json.GetProperty("state").GetString());
        Assert.Equal(5, json.GetProperty("value").GetDouble());
        Assert.Equal(3, json.GetProperty("threshold").GetDouble());
        Assert.Equal(">=", json.GetProperty("comparison").GetString());
        Assert.Equal("10m", json.GetProperty("window").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("group").ValueKind);
        var samples = json.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(5, samples.Count);
        Assert.All(samples, s => Assert.Contains(marker, s.GetProperty("message").GetString()));
        Assert.All(samples, s => Assert.Equal("Error", s.GetProperty("level").GetString()));
        Assert.Equal("checkout", samples[0].GetProperty("source").GetString());
        var alertId = json.GetProperty("alertId").GetInt64();
        Assert.Equal($"{AlertAppFixture.PublicUrl}/alerts?alert={alertId}", json.GetProperty("link").GetString());
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(expected, request.Headers["X-AiLogger-Signature"]);
        Assert.Equal("firing", request.Headers["X-AiLogger-Event"]);

        var alert = Assert.Single(await _admin.AlertsAsync(ruleId));
        Assert.Equal("firing", alert.GetProperty("state").GetString());
        Assert.Equal(1, alert.GetProperty("notifications").GetInt32());
        Assert.Equal(5, alert.GetProperty("samples").GetArrayLength());
    }

    [Fact]
    public async Task Resolving_is_announced_once_when_the_rule_asks_for_it_and_not_otherwise()
    {
        var marker = AlertApi.Marker();
        var loudUrl = app.Receiver.NewUrl(out var loud);
        var quietUrl = app.Receiver.NewUrl(out var quiet);
        var loudRule = (await _admin.CreateAsync("/api/alerts/rules", Rule(marker, await _admin.WebhookChannelAsync(loudUrl), window: "1m")))
            .GetProperty("id").GetInt64();
        var quietRule = await _admin.CreateAsync("/api/alerts/rules", Rule(marker, await _admin.WebhookChannelAsync(quietUrl), window: "1m", notifyOnResolve: false, name: "Quiet " + marker));
        // Events 50 s old: inside the one-minute window for ten more seconds, then out of it.
        var ingested = DateTimeOffset.UtcNow;
        await _admin.IngestAsync(marker, 4, ago: TimeSpan.FromSeconds(50));

        await _admin.EvaluateAsync();
        await app.Receiver.WaitForAsync(loud, 1);
        await app.Receiver.WaitForAsync(quiet, 1);
        var wait = ingested + TimeSpan.FromSeconds(11) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var resolved = AlertApi.RuleIn(await _admin.EvaluateAsync(), loudRule);
        await _admin.EvaluateAsync();
        var loudRequests = await app.Receiver.WaitForAsync(loud, 2);
        await Task.Delay(1_000);

        Assert.Equal("resolved", resolved.GetProperty("groups")[0].GetProperty("transition").GetString());
        Assert.Equal(2, app.Receiver.Requests(loud).Count);
        using var last = JsonDocument.Parse(loudRequests[1].Body);
        Assert.Equal("resolved", last.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, last.RootElement.GetProperty("value").GetDouble());
        Assert.NotEqual(JsonValueKind.Null, last.RootElement.GetProperty("resolvedAt").ValueKind);
        Assert.Single(app.Receiver.Requests(quiet));
        var alert = Assert.Single(await _admin.AlertsAsync(loudRule));
        Assert.Equal("resolved", alert.GetProperty("state").GetString());
        Assert.Single(await _admin.AlertsAsync(quietRule.GetProperty("id").GetInt64(), "resolved"));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_and_the_channel_shows_the_failure()
    {
        var marker = AlertApi.Marker();
        var url = app.Receiver.NewUrl(out var path);
        var channel = await _admin.WebhookChannelAsync(url);
        app.Receiver.FailFirst(path, 1);
        await _admin.CreateAsync("/api/alerts/rules", Rule(marker, channel));
        await _admin.IngestAsync(marker, 3);

        await _admin.EvaluateAsync();
        var requests = await app.Receiver.WaitForAsync(path, 2);
        var shown = await AlertApi.EventuallyAsync(() => _admin.GetJsonAsync($"/api/alerts/channels/{channel}"),
            c => c.GetProperty("lastSuccessAt").ValueKind != JsonValueKind.Null);

        Assert.True(requests[0].AnsweredWithError);
        Assert.False(requests[1].AnsweredWithError);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(requests[0].Headers["X-AiLogger-Delivery"], requests[1].Headers["X-AiLogger-Delivery"]);
        Assert.Contains("HTTP 500", shown.GetProperty("lastError").GetString());
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("lastFailureAt").ValueKind);
        Assert.False(shown.GetProperty("failing").GetBoolean());
        Assert.Equal(0, shown.GetProperty("pendingDeliveries").GetInt32());
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_stops_after_its_retries_and_the_channel_is_failing()
    {
        var marker = AlertApi.Marker();
        var url = app.Receiver.NewUrl(out var path);
        var channel = await _admin.WebhookChannelAsync(url);
        app.Receiver.FailFirst(path, 100);
        await _admin.CreateAsync("/api/alerts/rules", Rule(marker, channel));
        await _admin.IngestAsync(marker, 3);

        await _admin.EvaluateAsync();
        await app.Receiver.WaitForAsync(path, 3);
        await Task.Delay(1_500);
        var shown = await _admin.GetJsonAsync($"/api/alerts/channels/{channel}");

        // One attempt, then one per configured retry delay (two in the tests).
        Assert.Equal(3, app.Receiver.Requests(path).Count);
        Assert.True(shown.GetProperty("failing").GetBoolean());
        Assert.Contains("HTTP 500", shown.GetProperty("lastError").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("lastSuccessAt").ValueKind);
        Assert.Equal(0, shown.GetProperty("pendingDeliveries").GetInt32());
    }

    [Fact]
    public async Task Each_group_fires_its_own_alert()
    {
        var marker = AlertApi.Marker();
        var url = app.Receiver.NewUrl(out var path);
        var rule = (await _admin.CreateAsync("/api/alerts/rules", Rule(marker, await _admin.WebhookChannelAsync(url), groupBy: "source")))
            .GetProperty("id").GetInt64();
        await _admin.IngestAsync(marker, 4, source: "payments");
        await _admin.IngestAsync(marker, 3, source: "shipping");
        await _admin.IngestAsync(marker, 2, source: "search");

        var evaluation = AlertApi.RuleIn(await _admin.EvaluateAsync(), rule);
        var requests = await app.Receiver.WaitForAsync(path, 2);

        var groups = evaluation.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!, g => g.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["payments"] = "firing", ["shipping"] = "firing", ["search"] = "ok" }, groups);
        var alerts = await _admin.AlertsAsync(rule);
        Assert.Equal(["payments", "shipping"], alerts.Select(a => a.GetProperty("group").GetString()).Order());
        Assert.All(alerts, a => Assert.Equal("source", a.GetProperty("groupBy").GetString()));
        var notified = requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("group").GetString()).Order();
        Assert.Equal(["payments", "shipping"], notified);
        var payments = alerts.Single(a => a.GetProperty("group").GetString() == "payments");
        Assert.All(payments.GetProperty("samples").EnumerateArray(), s => Assert.Equal("payments", s.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task A_silenced_rule_fires_without_notifying()
    {
        var marker = AlertApi.Marker();
        var url = app.Receiver.NewUrl(out var path);
        var rule = (await _admin.CreateAsync("/api/alerts/rules", Rule(marker, await _admin.WebhookChannelAsync(url)))).GetProperty("id").GetInt64();
        using var silence = await _admin.PostAsync($"/api/alerts/rules/{rule}/silence",
            new StringContent("{\"until\": \"2h\"}", Encoding.UTF8, "application/json"));
        var silenced = await silence.ReadJsonAsync();
        await _admin.IngestAsync(marker, 3);

        var evaluation = AlertApi.RuleIn(await _admin.EvaluateAsync(), rule);
        await Task.Delay(1_000);

        Assert.True(silence.IsSuccessStatusCode, silenced.ToString());
        Assert.InRange(silenced.GetProperty("silencedUntil").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(115), DateTimeOffset.UtcNow.AddMinutes(121));
        Assert.Equal("firing", evaluation.GetProperty("status").GetString());
        Assert.StartsWith("silenced until", evaluation.GetProperty("groups")[0].GetProperty("suppressed").GetString());
        Assert.Empty(app.Receiver.Requests(path));
        Assert.Single(await _admin.AlertsAsync(rule, "firing"));
    }

    [Fact]
    public async Task A_slack_channel_gets_a_text_message()
    {
        var marker = AlertApi.Marker();
        var url = app.Receiver.NewUrl(out var path);
        var channel = await _admin.WebhookChannelAsync(url, kind: "slack");
        await _admin.CreateAsync("/api/alerts/rules", Rule(marker, channel));
        await _admin.IngestAsync(marker, 3);

        await _admin.EvaluateAsync();
        var request = Assert.Single(await app.Receiver.WaitForAsync(path, 1));

        using var body = JsonDocument.Parse(request.Body);
        var text = body.RootElement.GetProperty("text").GetString()!;
        Assert.Contains($"[HIGH] FIRING: Payment failures {marker}", text);
        Assert.Contains("value 3 &gt;= 3 over 10m", text);
        Assert.Contains($"|Open in AI-Logger>", text);
        Assert.False(request.Headers.ContainsKey("X-AiLogger-Signature"));
    }

    [Fact]
    public async Task Disabling_a_firing_rule_resolves_its_alert_without_telling_anyone()
    {
        var marker = AlertApi.Marker();
        var url = app.Receiver.NewUrl(out var path);
        var channel = await _admin.WebhookChannelAsync(url);
        var rule = (await _admin.CreateAsync("/api/alerts/rules", Rule(marker, channel))).GetProperty("id").GetInt64();
        await _admin.IngestAsync(marker, 3);
        await _admin.EvaluateAsync();
        await app.Receiver.WaitForAsync(path, 1);

        using var disable = await _admin.PutAsJsonAsync($"/api/alerts/rules/{rule}", new
        {
            name = "Payment failures " + marker, query = $"{marker} level>=error", window = "10m", threshold = 3, channels = new[] { channel }, enabled = false,
        });
        var evaluation = await _admin.EvaluateAsync();
        await Task.Delay(1_000);

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.DoesNotContain(evaluation.GetProperty("rules").EnumerateArray(), r => r.GetProperty("ruleId").GetInt64() == rule);
        var alert = Assert.Single(await _admin.AlertsAsync(rule));
        Assert.Equal("resolved", alert.GetProperty("state").GetString());
        Assert.Single(app.Receiver.Requests(path));
    }

    [Fact]
    public async Task The_in_app_feed_tells_subscribers_when_an_alert_fires_and_is_acknowledged()
    {
        var marker = AlertApi.Marker();
        using var subscription = app.Services.GetRequiredService<IAlertNotificationFeed>().Subscribe();
        var rule = (await _admin.CreateAsync("/api/alerts/rules", new { name = "In app " + marker, query = marker, window = "10m", threshold = 1, severity = "critical" }))
            .GetProperty("id").GetInt64();
        await _admin.IngestAsync(marker, 2);

        await _admin.EvaluateAsync();
        var fired = await NextForAsync(subscription, rule);
        await _admin.PostAsync($"/api/alerts/{fired.Alert.Id}/acknowledge", null);
        var acknowledged = await NextForAsync(subscription, rule);

        Assert.Equal(AlertNotification.Fired, fired.Kind);
        Assert.Equal(2, fired.Alert.Value);
        Assert.Equal($"Critical: In app {marker} — 2 >= 1 over 10m", fired.Summary);
        Assert.Equal(AlertNotification.Acknowledged, acknowledged.Kind);
        Assert.StartsWith("API key", acknowledged.Alert.AcknowledgedBy);
    }

    [Fact]
    public void The_evaluation_job_is_scheduled_with_hangfire()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "alert-evaluation");

        Assert.Equal("0 0 1 1 *", job.Cron);
    }

    private static async Task<AlertNotification> NextForAsync(IAlertNotificationSubscription subscription, long ruleId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var notification = await subscription.Reader.ReadAsync(timeout.Token);
            if (notification.Alert.RuleId == ruleId) return notification;
        }
    }
}
