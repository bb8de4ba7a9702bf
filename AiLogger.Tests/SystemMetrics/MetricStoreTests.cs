using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using static AiLogger.Tests.SystemMetrics.MetricAppFixture;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>Metric points through OTLP into series, points and rollups, and back out as charts (DESIGN §1 SystemMetrics).</summary>
public sealed class MetricStoreTests(MetricAppFixture app) : IClassFixture<MetricAppFixture>
{
    private const long Second = 1_000_000_000L;

    // Two hours ago on the hour: inside raw retention, minute and hour buckets aligned.
    private static readonly DateTimeOffset T0 = new(DateTime.UtcNow.AddHours(-2).Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);
    private static readonly ulong Old = Nanos(T0.AddDays(-1));

    private static string Range(TimeSpan from, TimeSpan to) =>
        $"from={Uri.EscapeDataString(T0.Add(from).ToString("O"))}&to={Uri.EscapeDataString(T0.Add(to).ToString("O"))}";

    private static Wire.NumberDataPoint Number(double seconds, double value, ulong start = 0, params (string Key, string Value)[] attributes)
    {
        var point = new Wire.NumberDataPoint { TimeUnixNano = Nanos(T0) + (ulong)(seconds * Second), StartTimeUnixNano = start, AsDouble = value };
        foreach (var (key, v) in attributes) point.Attributes.Add(Attribute(key, v));
        return point;
    }

    private static Wire.Metric Counter(string name, params Wire.NumberDataPoint[] points)
    {
        var sum = new Wire.Sum { IsMonotonic = true, AggregationTemporality = Wire.AggregationTemporality.Cumulative };
        sum.DataPoints.Add(points);
        return new Wire.Metric { Name = name, Unit = "{request}", Sum = sum };
    }

    private static Wire.Metric Gauge(string name, params Wire.NumberDataPoint[] points)
    {
        var gauge = new Wire.Gauge();
        gauge.DataPoints.Add(points);
        return new Wire.Metric { Name = name, Unit = "Cel", Gauge = gauge };
    }

    [Fact]
    public async Task A_cumulative_counter_charts_its_increase_across_a_reset_and_a_retry_counts_once_in_raw_minute_and_hour_reads()
    {
        var newStart = Nanos(T0) + (ulong)(80 * Second);
        var request = Request("orders", Counter("test.orders.handled",
            Number(0, 100, Old), Number(30, 110, Old), Number(60, 130, Old), Number(90, 5, newStart), Number(120, 15, newStart)));
        await app.PostAsync(request);
        await app.PostAsync(request); // an exporter's retry after a lost answer

        var minute = await app.QueryAsync($"name=test.orders.handled&agg=increase&step=1m&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(3))}");
        Assert.Equal("minute", minute.GetProperty("source").GetString());
        // 100 is the baseline (the counter started a day ago); +10; +20 and the reset's 5; +10.
        Assert.Equal([10, 25, 10], Values(minute));

        var raw = await app.QueryAsync($"name=test.orders.handled&agg=increase&step=30s&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(3))}");
        Assert.Equal("raw", raw.GetProperty("source").GetString());
        Assert.Equal(45, Values(raw).Sum());

        var hour = await app.QueryAsync($"name=test.orders.handled&agg=increase&step=1h&{Range(TimeSpan.FromHours(-1), TimeSpan.FromHours(1))}");
        Assert.Equal("hour", hour.GetProperty("source").GetString());
        Assert.Equal([45], Values(hour));

        var rate = await app.QueryAsync($"name=test.orders.handled&step=1m&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(3))}");
        Assert.Equal("rate", rate.GetProperty("aggregation").GetString()?.ToLowerInvariant());
        Assert.Equal(25 / 60.0, Values(rate)[1], 6);

        using var client = app.CreateClient(AppFixture.AdminKey);
        var points = await (await client.GetAsync($"/api/metrics/points?name=test.orders.handled&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(3))}")).ReadJsonAsync();
        Assert.Equal(5, points.GetArrayLength());
    }

    [Fact]
    public async Task Points_just_acknowledged_are_in_minute_and_hour_charts_while_their_rollups_wait_in_memory()
    {
        // Back to back, the later exports' rollups wait in the writer (at most a second); the charts read those minutes raw.
        foreach (var (seconds, value) in new[] { (10.0, 10.0), (20, 20), (30, 60), (70, 5) })
            await app.PostAsync(Request("fresh", Gauge("test.fresh.gauge", Number(seconds, value))));

        var minute = await app.QueryAsync($"name=test.fresh.gauge&agg=avg&step=1m&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(2))}");
        Assert.Equal("minute", minute.GetProperty("source").GetString());
        Assert.Equal([30, 5], Values(minute));
        var hour = await app.QueryAsync($"name=test.fresh.gauge&agg=max&step=1h&{Range(TimeSpan.FromHours(-1), TimeSpan.FromHours(1))}");
        Assert.Equal("hour", hour.GetProperty("source").GetString());
        Assert.Equal([60], Values(hour));
        Assert.Equal([95 / 4.0], Values(await app.QueryAsync($"name=test.fresh.gauge&agg=avg&step=1h&{Range(TimeSpan.FromHours(-1), TimeSpan.FromHours(1))}")));
    }

    [Fact]
    public async Task A_histograms_heat_map_has_its_buckets_merged_over_series_per_step_in_minute_and_raw_reads()
    {
        var histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        void Add(double seconds, string route, params ulong[] counts)
        {
            var point = new Wire.HistogramDataPoint
            {
                StartTimeUnixNano = Nanos(T0) + (ulong)((seconds - 10) * Second), TimeUnixNano = Nanos(T0) + (ulong)(seconds * Second),
                Count = (ulong)counts.Sum(c => (long)c), Sum = 1, ExplicitBounds = { 0.1, 0.5, 1, 5 }, BucketCounts = { counts },
                Attributes = { Attribute("route", route) },
            };
            histogram.DataPoints.Add(point);
        }
        Add(10, "/a", 1, 2, 0, 0, 0);
        Add(10, "/b", 0, 3, 1, 0, 0);
        Add(70, "/a", 0, 0, 4, 0, 0);
        await app.PostAsync(Request("heat", new Wire.Metric { Name = "test.heat.duration", Unit = "s", Histogram = histogram }));

        foreach (var step in new[] { "1m", "30s" })
        {
            var result = await app.QueryAsync($"name=test.heat.duration&step={step}&heatmap=true&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(2))}");
            var rows = result.GetProperty("heatmap").GetProperty("rows").EnumerateArray().ToList();
            // Empty buckets past the values seen ((1, 5] and (5, +inf)) are left out; the first bucket starts at -inf (null).
            Assert.Equal([null, 0.1, 0.5], rows.Select(r => r.GetProperty("lower").ValueKind == JsonValueKind.Null ? (double?)null : r.GetProperty("lower").GetDouble()));
            Assert.Equal([0.1, 0.5, 1.0], rows.Select(r => r.GetProperty("upper").GetDouble()));
            var counts = rows.Select(r => r.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToList()).ToList();
            // The points of 0:10 fall in the first step; the one of 1:10 in the second minute, or the third 30 s step.
            var second = step == "1m" ? 1 : 2;
            Assert.Equal([1, 5, 1], counts.Select(c => c[0]));
            Assert.Equal([0, 0, 4], counts.Select(c => c[second]));
            Assert.Equal(11, counts.Sum(c => c.Sum()));
        }

        var lines = await app.QueryAsync($"name=test.heat.duration&step=1m&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(2))}");
        Assert.Equal(JsonValueKind.Null, lines.TryGetProperty("heatmap", out var none) ? none.ValueKind : JsonValueKind.Null);
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var bad = await client.GetAsync("/api/metrics/query?name=test.heat.duration&heatmap=yes");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("'heatmap' is true or false, not 'yes'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_filter_with_alternatives_keeps_either_value_and_the_chart_downloads_as_CSV()
    {
        await app.PostAsync(Request("router", Gauge("test.route.inflight",
            Number(0, 1, 0, ("route", "/a")), Number(0, 2, 0, ("route", "/b")), Number(0, 50, 0, ("route", "=cmd")), Number(60, 4, 0, ("route", "/a")))));

        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync($"/api/metrics/query?name=test.route.inflight&agg=max&step=1m&groupBy=route&filter=route=/a|/b&format=csv&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(2))}");
        var csv = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, csv);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,route=/a,route=/b", rows[0]);
        Assert.Equal($"{T0:O},1,2", rows[1]);
        Assert.Equal($"{T0.AddMinutes(1):O},4,", rows[2]);
        Assert.Equal(3, rows.Length);

        using var bad = await client.GetAsync("/api/metrics/query?name=test.route.inflight&format=xml");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("'format' is json (the default) or csv, not 'xml'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gauges_group_by_an_attribute_and_aggregate_avg_max_and_last()
    {
        await app.PostAsync(Request("gpu-box", Gauge("test.gpu.temperature",
            Number(0, 10, 0, ("gpu", "0")), Number(20, 20, 0, ("gpu", "0")), Number(40, 60, 0, ("gpu", "0")), Number(10, 100, 0, ("gpu", "1")))));

        var grouped = await app.QueryAsync($"name=test.gpu.temperature&agg=avg&step=1m&groupBy=gpu&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(1))}");
        var lines = grouped.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("group").GetProperty("gpu").GetString()!);
        Assert.Equal(2, lines.Count);
        Assert.Equal(30, lines["0"].GetProperty("values")[0].GetProperty("value").GetDouble(), 6);
        Assert.Equal(100, lines["1"].GetProperty("values")[0].GetProperty("value").GetDouble(), 6);

        Assert.Equal([100], Values(await app.QueryAsync($"name=test.gpu.temperature&agg=max&step=1m&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(1))}")));
        Assert.Equal([60], Values(await app.QueryAsync($"name=test.gpu.temperature&agg=last&step=1m&filter=gpu=0&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(1))}")));
    }

    [Fact]
    public async Task Histograms_chart_quantiles_from_deltas_of_cumulative_points_and_exponential_histograms_are_kept()
    {
        var cumulative = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Cumulative };
        cumulative.DataPoints.Add(new Wire.HistogramDataPoint
        {
            StartTimeUnixNano = Old, TimeUnixNano = Nanos(T0), Count = 10, Sum = 5, ExplicitBounds = { 1, 2, 5 }, BucketCounts = { 10, 0, 0, 0 },
        });
        cumulative.DataPoints.Add(new Wire.HistogramDataPoint
        {
            StartTimeUnixNano = Old, TimeUnixNano = Nanos(T0) + 30 * (ulong)Second, Count = 20, Sum = 40, ExplicitBounds = { 1, 2, 5 }, BucketCounts = { 10, 0, 10, 0 },
        });
        var exponential = new Wire.ExponentialHistogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        exponential.DataPoints.Add(new Wire.ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = Nanos(T0), TimeUnixNano = Nanos(T0) + 10 * (ulong)Second, Count = 8, Sum = 48, Scale = 0,
            Positive = new Wire.ExponentialHistogramDataPoint.Types.Buckets { Offset = 0, BucketCounts = { 0, 0, 8 } },
        });
        await app.PostAsync(Request("api", new Wire.Metric { Name = "test.request.duration", Unit = "s", Histogram = cumulative },
            new Wire.Metric { Name = "test.token.count", Unit = "{token}", ExponentialHistogram = exponential }));

        var range = Range(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        // The first point (a day of history) is the baseline; the second adds 10 observations in (2, 5].
        Assert.Equal([10], Values(await app.QueryAsync($"name=test.request.duration&agg=count&step=1m&{range}")));
        var p50 = Values(await app.QueryAsync($"name=test.request.duration&step=1m&agg=p50&{range}")).Single();
        Assert.InRange(p50, 2, 5);
        var defaultAggregation = await app.QueryAsync($"name=test.request.duration&step=1m&{range}");
        Assert.Equal("p95", defaultAggregation.GetProperty("aggregation").GetString()?.ToLowerInvariant());

        Assert.Equal([8], Values(await app.QueryAsync($"name=test.token.count&agg=count&step=1m&{range}")));
        Assert.InRange(Values(await app.QueryAsync($"name=test.token.count&agg=p50&step=1m&{range}")).Single(), 4, 8);
        Assert.Equal([6], Values(await app.QueryAsync($"name=test.token.count&agg=avg&step=1m&{range}")));
    }

    [Fact]
    public async Task Summaries_chart_their_quantiles()
    {
        var summary = new Wire.Summary();
        var point = new Wire.SummaryDataPoint { StartTimeUnixNano = Old, TimeUnixNano = Nanos(T0) + 5 * (ulong)Second, Count = 4, Sum = 2 };
        point.QuantileValues.Add(new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 0.4 });
        point.QuantileValues.Add(new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 0.9 });
        summary.DataPoints.Add(point);
        await app.PostAsync(Request("legacy", new Wire.Metric { Name = "test.legacy.latency", Unit = "s", Summary = summary }));

        var range = Range(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Equal([0.9], Values(await app.QueryAsync($"name=test.legacy.latency&agg=p99&step=1m&{range}")));
        Assert.Equal([0.5], Values(await app.QueryAsync($"name=test.legacy.latency&agg=avg&step=1m&{range}")));
    }

    [Fact]
    public async Task Attribute_sets_past_the_series_cap_go_to_one_overflow_series_that_the_list_shows()
    {
        var points = Enumerable.Range(0, SeriesCap + 2).Select(i => Number(i % 60, i, 0, ("user", $"u{i}"))).ToArray();
        await app.PostAsync(Request("web", Gauge("test.cardinality", points)));

        using var client = app.CreateClient(AppFixture.AdminKey);
        var instruments = await (await client.GetAsync("/api/metrics/instruments")).ReadJsonAsync();
        var metric = instruments.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "test.cardinality");
        Assert.Equal(SeriesCap + 1, metric.GetProperty("seriesCount").GetInt32());
        Assert.True(metric.GetProperty("overflowed").GetBoolean());

        var range = Range(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var overflow = await app.QueryAsync($"name=test.cardinality&agg=max&step=1m&filter=otel.metric.overflow=true&{range}");
        Assert.Equal(1, overflow.GetProperty("instrument").GetProperty("seriesCount").GetInt32());
        Assert.Equal([SeriesCap + 1], Values(overflow));

        // One line per user would be 201 lines: refused with the way out, not drawn.
        using var tooMany = await client.GetAsync($"/api/metrics/query?name=test.cardinality&groupBy=user&{range}");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("Filter or group by fewer keys", await tooMany.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("grpc", MetricReaderTemporalityPreference.Cumulative)]
    [InlineData("http", MetricReaderTemporalityPreference.Delta)]
    public async Task Metrics_from_the_OpenTelemetry_exporter_are_stored_and_charted(string protocol, MetricReaderTemporalityPreference temporality)
    {
        var service = $"meter-{protocol}";
        using var meter = new Meter($"AiLogger.Tests.Metrics.{protocol}");
        var tokens = meter.CreateCounter<long>($"test.sdk.{protocol}.tokens", "{token}");
        var latency = meter.CreateHistogram<double>($"test.sdk.{protocol}.latency", "ms");
        var tokensPerCall = meter.CreateHistogram<double>($"test.sdk.{protocol}.tokens_per_call", "{token}");
        var inFlight = meter.CreateUpDownCounter<long>($"test.sdk.{protocol}.in_flight", "{request}");
        meter.CreateObservableGauge($"test.sdk.{protocol}.gpu_memory", () => new Measurement<double>(512, new KeyValuePair<string, object?>("gpu", "0")), "MiBy");
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
                   .AddMeter(meter.Name)
                   .AddView(tokensPerCall.Name, new Base2ExponentialBucketHistogramConfiguration { MaxSize = 160 })
                   .AddView(latency.Name, new ExplicitBucketHistogramConfiguration { Boundaries = [25, 50, 100, 500] })
                   .AddOtlpExporter((o, reader) =>
                   {
                       o.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                       o.Endpoint = protocol == "grpc" ? app.GrpcAddress : new Uri(app.BaseAddress, "/v1/metrics");
                       o.Headers = $"x-api-key={AppFixture.AdminKey}";
                       reader.TemporalityPreference = temporality;
                   })
                   .Build())
        {
            tokens.Add(120, new KeyValuePair<string, object?>("model", "gpt-4o"));
            tokens.Add(80, new KeyValuePair<string, object?>("model", "gpt-4o"));
            foreach (var ms in new[] { 12.0, 30, 45, 80, 250 }) latency.Record(ms);
            foreach (var count in new[] { 100.0, 200, 300, 400 }) tokensPerCall.Record(count);
            inFlight.Add(5);
            inFlight.Add(-2);
            Assert.True(provider.ForceFlush(10_000), "the exporter did not flush");
            tokens.Add(50, new KeyValuePair<string, object?>("model", "gpt-4o"));
            Assert.True(provider.ForceFlush(10_000), "the exporter did not flush");
        }

        using var client = app.CreateClient(AppFixture.AdminKey);
        var instruments = await (await client.GetAsync($"/api/metrics/instruments?service={service}")).ReadJsonAsync();
        var names = instruments.EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Contains($"test.sdk.{protocol}.tokens", names);
        Assert.Contains($"test.sdk.{protocol}.latency", names);
        Assert.Contains($"test.sdk.{protocol}.gpu_memory", names);

        var window = $"from=15m&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        Assert.Equal(250, Values(await app.QueryAsync($"name=test.sdk.{protocol}.tokens&agg=increase&step=30s&{window}")).Sum());
        Assert.Equal(250, Values(await app.QueryAsync($"name=test.sdk.{protocol}.tokens&agg=increase&step=5m&{window}")).Sum());
        Assert.Equal(5, Values(await app.QueryAsync($"name=test.sdk.{protocol}.latency&agg=count&step=5m&{window}")).Sum());
        Assert.Equal(512, Values(await app.QueryAsync($"name=test.sdk.{protocol}.gpu_memory&agg=max&step=5m&{window}")).Max());
        Assert.Equal(3, Values(await app.QueryAsync($"name=test.sdk.{protocol}.in_flight&step=5m&{window}")).Last());
        // Bounds 25, 50, 100, 500: 12 | 30 45 | 80 | 250. The median (rank 2.5 of 5) lies in (25, 50]: 25 + 25 × 1.5/2.
        Assert.Equal(43.75, Values(await app.QueryAsync($"name=test.sdk.{protocol}.latency&agg=p50&step=5m&{window}")).Single(v => v > 0), 6);
        Assert.Equal(417 / 5.0, Values(await app.QueryAsync($"name=test.sdk.{protocol}.latency&agg=avg&step=5m&{window}")).Single(v => v > 0), 6);
        var exponential = Values(await app.QueryAsync($"name=test.sdk.{protocol}.tokens_per_call&agg=p50&step=5m&{window}")).Single();
        Assert.InRange(exponential, 190, 210);
        Assert.Equal(4, Values(await app.QueryAsync($"name=test.sdk.{protocol}.tokens_per_call&agg=count&step=5m&{window}")).Sum());
    }

    [Fact]
    public async Task OTLP_JSON_over_HTTP_is_stored_like_protobuf()
    {
        var time = Nanos(T0).ToString();
        var later = (Nanos(T0) + 30 * (ulong)Second).ToString();
        var json = $$$"""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
              "scopeMetrics":[{"scope":{"name":"json.meter"},"metrics":[
                {"name":"test.json.requests","unit":"{request}","sum":{"aggregationTemporality":1,"isMonotonic":true,
                  "dataPoints":[{"startTimeUnixNano":"{{{time}}}","timeUnixNano":"{{{time}}}","asInt":"4"},{"startTimeUnixNano":"{{{time}}}","timeUnixNano":"{{{later}}}","asInt":"6"}]}}]}]}]}
            """;
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsync("/v1/metrics", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        // Delta points add up: 4 + 6.
        Assert.Equal([10], Values(await app.QueryAsync($"name=test.json.requests&agg=increase&step=1m&{Range(TimeSpan.Zero, TimeSpan.FromMinutes(1))}")));
    }

    [Fact]
    public async Task The_host_AI_Logger_runs_on_is_sampled_into_system_metrics()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement cpu = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/api/metrics/query?name=system.cpu.utilization&from=5m&step=1s&groupBy=state");
            if (response.IsSuccessStatusCode)
            {
                cpu = await response.ReadJsonAsync();
                if (cpu.GetProperty("lines").GetArrayLength() > 1) break;
            }
            await Task.Delay(500);
        }
        Assert.True(cpu.ValueKind == JsonValueKind.Object, "no CPU utilization was sampled within 20 s");
        var states = cpu.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("group").GetProperty("state").GetString()).ToList();
        Assert.True(states.Contains("idle"), cpu.GetRawText()[..Math.Min(3000, cpu.GetRawText().Length)]);
        Assert.All(cpu.GetProperty("lines").EnumerateArray().SelectMany(l => l.GetProperty("values").EnumerateArray())
            .Where(v => v.GetProperty("value").ValueKind == JsonValueKind.Number), v => Assert.InRange(v.GetProperty("value").GetDouble(), 0, 1));

        var hosts = await (await client.GetAsync("/api/metrics/hosts")).ReadJsonAsync();
        Assert.True(hosts.EnumerateArray().Any(h => h.GetProperty("host").GetString() == Environment.MachineName), hosts.GetRawText());
        var memory = await app.QueryAsync($"name=system.memory.usage&from=5m&host={Environment.MachineName}&groupBy=state&agg=last");
        Assert.Contains(memory.GetProperty("lines").EnumerateArray(), l => l.GetProperty("group").GetProperty("state").GetString() == "used");
    }

    [Fact]
    public async Task Retention_drops_raw_points_past_their_days_and_charts_keep_reading_the_rollups()
    {
        var old = new DateTimeOffset(DateTime.UtcNow.AddDays(-3).Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);
        var gauge = new Wire.Gauge();
        gauge.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Nanos(old), AsDouble = 10 });
        gauge.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Nanos(old.AddSeconds(30)), AsDouble = 30 });
        await app.PostAsync(Request("batch", new Wire.Metric { Name = "test.retention.gauge", Gauge = gauge }));
        var range = $"from={Uri.EscapeDataString(old.ToString("O"))}&to={Uri.EscapeDataString(old.AddHours(1).ToString("O"))}";
        using var client = app.CreateClient(AppFixture.AdminKey);
        Assert.Equal(2, (await (await client.GetAsync($"/api/metrics/points?name=test.retention.gauge&{range}")).ReadJsonAsync()).GetArrayLength());

        await app.Services.GetRequiredService<AiLogger.Infrastructure.Storage.RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(0, (await (await client.GetAsync($"/api/metrics/points?name=test.retention.gauge&{range}")).ReadJsonAsync()).GetArrayLength());
        var minute = await app.QueryAsync($"name=test.retention.gauge&step=1m&{range}");
        Assert.Equal("minute", minute.GetProperty("source").GetString());
        Assert.Equal([20], Values(minute));
        Assert.Equal([20], Values(await app.QueryAsync($"name=test.retention.gauge&step=1h&{range}")));
    }

    [Fact]
    public async Task The_summary_gives_the_Prometheus_figures_as_JSON()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var text = await client.GetStringAsync("/metrics");
        var summary = await (await client.GetAsync("/api/metrics/summary")).ReadJsonAsync();
        var families = summary.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("gauge", families["ailogger_events_stored"].GetProperty("type").GetString());
        var stored = families["ailogger_events_stored"].GetProperty("samples")[0].GetProperty("value").GetDouble();
        Assert.Contains($"ailogger_events_stored {stored.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n", text);
        // Every family of the exposition is in the JSON, and nothing else.
        var textFamilies = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(textFamilies, families.Keys.ToList());
        var commit = families["ailogger_ingest_commit_seconds"].GetProperty("samples").EnumerateArray()
            .Single(s => s.GetProperty("labels").TryGetProperty("le", out var le) && le.GetString() == "+Inf");
        Assert.Equal("ailogger_ingest_commit_seconds_bucket", commit.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("agg=avg", 400, "'name' is required")]
    [InlineData("name=test.orders.refused&agg=p95", 400, "does not apply")]
    [InlineData("name=test.orders.refused&agg=bogus", 400, "'agg' must be one of")]
    [InlineData("name=test.orders.refused&step=abc", 400, "'step' must be")]
    [InlineData("name=test.orders.refused&from=1h&to=2h", 400, "'to' must be after 'from'")]
    [InlineData("name=test.orders.refused&filter=novalue", 400, "key=value")]
    [InlineData("name=no.such.metric", 404, "instruments lists")]
    public async Task Bad_queries_get_a_message_naming_what_is_wrong(string query, int status, string message)
    {
        await app.PostAsync(Request("orders", Counter("test.orders.refused", Number(0, 1, Old))));
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync("/api/metrics/query?" + query);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_malformed_export_is_refused_with_400_and_stores_nothing()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var garbage = new ByteArrayContent([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        garbage.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        using var refused = await client.PostAsync("/v1/metrics", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var json = new StringContent("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"test.bad.json\",\"gauge\":{\"dataPoints\":\"x\"}}]}]}]}",
            Encoding.UTF8, "application/json");
        using var refusedJson = await client.PostAsync("/v1/metrics", json);
        Assert.Equal(HttpStatusCode.BadRequest, refusedJson.StatusCode);

        using var unknown = await client.GetAsync("/api/metrics/query?name=test.bad.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var anonymous = app.CreateClient(null);
        using var noKey = await anonymous.PostAsync("/v1/metrics", Traces.OtlpAppFixture.Protobuf(Request("x", Gauge("test.nokey", Number(0, 1)))));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }
}
