using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Alerts;
using AiLogger.Tests.Support;
using static AiLogger.Tests.SystemMetrics.MetricAppFixture;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>Rules of kind <c>metric</c>: a metric's aggregate over the window, per group, in the alert engine (issue 16 §6).</summary>
public sealed class MetricAlertTests(MetricAppFixture app) : IClassFixture<MetricAppFixture>
{
    private const long Second = 1_000_000_000L;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Wire.NumberDataPoint Number(double secondsAgo, double value, ulong start = 0, params (string Key, string Value)[] attributes)
    {
        var point = new Wire.NumberDataPoint { TimeUnixNano = Nanos(Now) - (ulong)(secondsAgo * Second), StartTimeUnixNano = start, AsDouble = value };
        foreach (var (key, v) in attributes) point.Attributes.Add(Attribute(key, v));
        return point;
    }

    private static Wire.Metric Gauge(string name, params Wire.NumberDataPoint[] points)
    {
        var gauge = new Wire.Gauge();
        gauge.DataPoints.Add(points);
        return new Wire.Metric { Name = name, Unit = "1", Gauge = gauge };
    }

    private HttpClient Admin() => app.CreateClient(AppFixture.AdminKey);

    [Fact]
    public async Task A_gauge_rule_fires_only_for_the_group_past_its_threshold_and_the_filter_keeps_other_series_out()
    {
        var name = "test.gpu.utilization." + AlertApi.Marker();
        (string, string) Gpu(string id) => ("gpu", id);
        await app.PostAsync(Request("trainer", Gauge(name,
            Number(60, 0.95, 0, Gpu("0"), ("kind", "hbm")), Number(30, 0.97, 0, Gpu("0"), ("kind", "hbm")), Number(5, 0.93, 0, Gpu("0"), ("kind", "hbm")),
            Number(30, 0.50, 0, Gpu("1"), ("kind", "hbm")),
            // Past the threshold, but not what the filter selects.
            Number(30, 0.99, 0, Gpu("2"), ("kind", "sram")))));
        using var admin = Admin();
        var rule = (await admin.CreateAsync("/api/alerts/rules", new
        {
            name = "GPU busy " + name, kind = "metric", metric = name, aggregation = "avg", filter = "kind=hbm", groupBy = "gpu",
            window = "5m", comparison = ">", threshold = 0.9,
        })).GetProperty("id").GetInt64();

        var evaluated = AlertApi.RuleIn(await admin.EvaluateAsync(), rule);

        Assert.Equal("firing", evaluated.GetProperty("status").GetString());
        var groups = evaluated.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!, g => g);
        Assert.Equal(["gpu=0", "gpu=1"], groups.Keys.Order());
        Assert.Equal(0.95, groups["gpu=0"].GetProperty("value").GetDouble(), 9);
        Assert.Equal("firing", groups["gpu=0"].GetProperty("status").GetString());
        Assert.Equal(0.5, groups["gpu=1"].GetProperty("value").GetDouble(), 9);
        Assert.Equal("ok", groups["gpu=1"].GetProperty("status").GetString());
        var alert = Assert.Single(await admin.AlertsAsync(rule, "firing"));
        Assert.Equal("gpu=0", alert.GetProperty("group").GetString());
        Assert.Equal("metric", alert.GetProperty("kind").GetString());
        Assert.Equal($"avg({name}{{kind=hbm}}) by gpu over 5m > 0.9", alert.GetProperty("condition").GetString());
    }

    [Fact]
    public async Task A_counter_rule_compares_the_rate_per_second_over_the_window()
    {
        var name = "test.tokens.used." + AlertApi.Marker();
        var started = Nanos(Now.AddDays(-1));
        var sum = new Wire.Sum { IsMonotonic = true, AggregationTemporality = Wire.AggregationTemporality.Cumulative };
        // Started a day ago: 100 is the baseline; 180 more within the 5-minute window is 0.6 per second.
        sum.DataPoints.Add([Number(240, 100, started), Number(120, 160, started), Number(10, 280, started)]);
        await app.PostAsync(Request("llm-gateway", new Wire.Metric { Name = name, Unit = "{token}", Sum = sum }));
        using var admin = Admin();
        var body = new { name = "Token burn " + name, kind = "metric", metric = name, aggregation = "rate", window = "5m", comparison = ">=", threshold = 0.5 };

        var dry = await (await admin.PostAsJsonAsync("/api/alerts/rules/dry-run", body)).ReadJsonAsync();
        Assert.True(dry.GetProperty("wouldFire").GetBoolean(), dry.ToString());
        Assert.Equal(0.6, dry.GetProperty("value").GetDouble(), 9);

        var rule = (await admin.CreateAsync("/api/alerts/rules", body)).GetProperty("id").GetInt64();
        var evaluated = AlertApi.RuleIn(await admin.EvaluateAsync(), rule);
        Assert.Equal("firing", evaluated.GetProperty("status").GetString());
        Assert.Equal(0.6, evaluated.GetProperty("value").GetDouble(), 9);

        using var preview = await admin.PostAsJsonAsync("/api/alerts/rules/preview", body);
        var chart = await preview.ReadJsonAsync();
        Assert.True(preview.IsSuccessStatusCode, chart.ToString());
        Assert.Equal("5m", chart.GetProperty("interval").GetString());
        var last = chart.GetProperty("points").EnumerateArray().Last();
        Assert.Equal(0.6, last.GetProperty("value").GetDouble(), 9);
        Assert.True(chart.GetProperty("pointsAbove").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_rule_whose_aggregation_does_not_fit_the_metric_says_so_and_stays_ok()
    {
        var name = "test.fan.speed." + AlertApi.Marker();
        await app.PostAsync(Request("rack", Gauge(name, Number(10, 1200))));
        using var admin = Admin();
        var rule = (await admin.CreateAsync("/api/alerts/rules", new
        {
            name = "Fan " + name, kind = "metric", metric = name, aggregation = "p95", window = "5m", comparison = ">", threshold = 1,
        })).GetProperty("id").GetInt64();
        var missing = (await admin.CreateAsync("/api/alerts/rules", new
        {
            name = "Missing " + name, kind = "metric", metric = name + ".absent", window = "5m", comparison = ">", threshold = 1,
        })).GetProperty("id").GetInt64();

        var evaluation = await admin.EvaluateAsync();

        var wrong = AlertApi.RuleIn(evaluation, rule);
        Assert.Equal("ok", wrong.GetProperty("status").GetString());
        Assert.Contains("'p95' does not apply to " + name + ", a gauge; use one of: avg, min, max, last, sum", wrong.GetProperty("note").GetString());
        var none = AlertApi.RuleIn(evaluation, missing);
        Assert.Equal("ok", none.GetProperty("status").GetString());
        Assert.Equal($"No data: no series of metric '{name}.absent' is stored.", none.GetProperty("note").GetString());
        Assert.Empty(await admin.AlertsAsync(rule));
    }

    [Theory]
    [InlineData("""{"name":"m1","kind":"metric","window":"5m","threshold":1}""", "metric", "A metric rule needs the metric's name")]
    [InlineData("""{"name":"m2","kind":"metric","metric":"a.b","aggregation":"p42","window":"5m","threshold":1}""", "aggregation", "'p42' is not an aggregation; use one of avg, min, max")]
    [InlineData("""{"name":"m3","kind":"metric","metric":"a.b","filter":"state","window":"5m","threshold":1}""", "filter", "'state' is not key=value")]
    [InlineData("""{"name":"m4","kind":"metric","metric":"a.b","filter":"state=a, state=b","window":"5m","threshold":1}""", "filter", "'state' appears twice")]
    [InlineData("""{"name":"m5","kind":"metric","metric":"a.b","groupBy":"host, not a key","window":"5m","threshold":1}""", "groupBy", "'not a key' is not an attribute key")]
    [InlineData("""{"name":"m6","kind":"metric","metric":"a.b","query":"level:error","window":"5m","threshold":1}""", "query", "A metric rule has no query")]
    [InlineData("""{"name":"m7","kind":"logs","aggregation":"avg","window":"5m","threshold":1}""", "aggregation", "A logs rule has no aggregation")]
    [InlineData("""{"name":"m8","kind":"metric","metric":"9lives","window":"5m","threshold":1}""", "metric", "'9lives' is not a metric name")]
    public async Task A_malformed_metric_rule_is_refused_naming_the_field(string body, string field, string message)
    {
        using var admin = Admin();
        using var response = await admin.PostAsync("/api/alerts/rules", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var json = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, json.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task The_ready_made_host_rules_exist_disabled_and_read_this_host()
    {
        using var admin = Admin();
        var rules = (await admin.GetJsonAsync("/api/alerts/rules")).EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        foreach (var name in new[] { "Disk over 90 %", "Memory over 90 %", "CPU over 90 % for 10 minutes" })
        {
            Assert.True(rules.TryGetValue(name, out var rule), $"no ready-made rule '{name}'");
            Assert.Equal("metric", rule.GetProperty("kind").GetString());
            Assert.False(rule.GetProperty("enabled").GetBoolean());
        }
        Assert.Equal("avg(system.cpu.utilization{state=idle}) by host over 1m < 0.1", rules["CPU over 90 % for 10 minutes"].GetProperty("condition").GetString());
        Assert.Equal("10m", rules["CPU over 90 % for 10 minutes"].GetProperty("for").GetString());

        // The sampler runs every second in this fixture: the memory rule reads a real fraction for this machine.
        var memory = rules["Memory over 90 %"];
        var dry = await AlertApi.EventuallyAsync(async () =>
        {
            using var response = await admin.PostAsJsonAsync("/api/alerts/rules/dry-run", new
            {
                kind = "metric", metric = memory.GetProperty("metric").GetString(), aggregation = memory.GetProperty("aggregation").GetString(),
                filter = memory.GetProperty("filter").GetString(), groupBy = memory.GetProperty("groupBy").GetString(), window = "5m", comparison = ">", threshold = 0.9,
            });
            return await response.ReadJsonAsync();
        }, d => d.GetProperty("groups").GetArrayLength() > 0, TimeSpan.FromSeconds(20));
        var group = Assert.Single(dry.GetProperty("groups").EnumerateArray());
        Assert.Equal("host=" + Environment.MachineName, group.GetProperty("group").GetString(), ignoreCase: true);
        Assert.InRange(group.GetProperty("value").GetDouble(), 0.0001, 1);
    }
}
