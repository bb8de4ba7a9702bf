using AiLogger.Tests.Support;
using AiLogger.Tests.SystemMetrics;
using AiLogger.Tests.Traces;
using Microsoft.Playwright;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.EndToEnd;

/// <summary>The app sampling its host every second.</summary>
public sealed class SystemBrowserFixture : BrowserFixture
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["AiLogger:SystemMetrics:SampleHost"] = "true";
            settings["AiLogger:SystemMetrics:IntervalSeconds"] = "1";
            return settings;
        }
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SystemPagesTests(SystemBrowserFixture app) : IClassFixture<SystemBrowserFixture>
{
    [SkippableFact]
    public async Task The_system_page_charts_this_host_and_the_explorer_charts_an_OTLP_metric_with_its_state_in_the_URL()
    {
        var page = await app.SignedInPageAsync();
        var failed = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) failed.Add($"{r.Status} {r.Url}"); };

        // A few samples, so CPU (a rate of two readings) has points.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await page.GotoAsync("/system?range=15m");
        await page.GetByRole(AriaRole.Heading, new() { Name = "System" }).WaitForAsync();
        await Assertions.Expect(page.GetByTestId("system-host")).ToContainTextAsync(Environment.MachineName, new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("stat-memory-value")).ToContainTextAsync("%");
        await page.GetByTestId("panel-memory").Locator(".apex-chart svg").First.WaitForAsync();
        await page.GetByTestId("panel-cpu").Locator(".apex-chart svg").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "system-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "system-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();

        // An application's histogram, sent over OTLP, in the explorer.
        var now = DateTimeOffset.UtcNow;
        var histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        for (var i = 0; i < 10; i++)
        {
            var point = new Wire.HistogramDataPoint
            {
                StartTimeUnixNano = MetricAppFixture.Nanos(now.AddMinutes(-10 + i)), TimeUnixNano = MetricAppFixture.Nanos(now.AddMinutes(-9 + i)),
                Count = 10, Sum = 2 + i, ExplicitBounds = { 0.1, 0.25, 0.5, 1 }, BucketCounts = { 2, 3, 3, (ulong)(i % 3), (ulong)(2 - i % 3) },
                Attributes = { MetricAppFixture.Attribute("route", i % 2 == 0 ? "/chat" : "/embed") },
            };
            histogram.DataPoints.Add(point);
        }
        using (var client = app.CreateClient(AppFixture.AdminKey))
        using (var response = await client.PostAsync("/v1/metrics", OtlpAppFixture.Protobuf(
                   MetricAppFixture.Request("inference", new Wire.Metric { Name = "inference.duration", Unit = "s", Description = "Model call latency", Histogram = histogram }))))
            Assert.True(response.IsSuccessStatusCode);

        await page.GotoAsync("/system/metrics");
        await Assertions.Expect(page.GetByTestId("metric-list")).ToContainTextAsync("inference.duration");
        await Assertions.Expect(page.GetByTestId("metric-list")).ToContainTextAsync("system.memory.usage");
        await BrowserFixture.ScreenshotAsync(page, "metrics-list-light");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("metric-list").GetByText("inference.duration").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/system/metrics\\?name=inference\\.duration$"));
        await page.GetByTestId("metric-chart").Locator(".apex-chart svg").First.WaitForAsync();
        await Assertions.Expect(page.GetByTestId("metric-chart")).ToContainTextAsync("p95");

        // Grouped by route: the state is the URL, so the link reopens the same chart.
        await page.GotoAsync("/system/metrics?name=inference.duration&groupBy=route&agg=p50");
        await Assertions.Expect(page.GetByTestId("metric-lines")).ToContainTextAsync("/chat");
        await Assertions.Expect(page.GetByTestId("metric-lines")).ToContainTextAsync("/embed");
        await page.GetByTestId("metric-chart").Locator(".apex-chart svg").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "metrics-chart-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "metrics-chart-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();

        // An aggregation the metric does not have: the page says which ones it has.
        await page.GotoAsync("/system/metrics?name=inference.duration&agg=last");
        await Assertions.Expect(page.GetByTestId("metric-error")).ToContainTextAsync("use one of");
        Assert.Empty(failed);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_tree_opens_an_instrument_of_one_service_and_meter_as_lines_or_a_heat_map_and_its_exemplars_link_to_their_traces()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var service = $"recommender-{marker}";
        var metric = $"rank.duration.{marker}";
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var spanId = traceId[..16];
        var now = DateTimeOffset.UtcNow;
        var histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        for (var i = 0; i < 5; i++)
        {
            var point = new Wire.HistogramDataPoint
            {
                StartTimeUnixNano = MetricAppFixture.Nanos(now.AddMinutes(-6 + i)), TimeUnixNano = MetricAppFixture.Nanos(now.AddMinutes(-5 + i)),
                Count = 4, Sum = 1.2, ExplicitBounds = { 0.1, 0.5 }, BucketCounts = { 1, 2, 1 },
            };
            // One slow call, recorded in a trace.
            if (i == 3)
                point.Exemplars.Add(new Wire.Exemplar
                {
                    TimeUnixNano = MetricAppFixture.Nanos(now.AddMinutes(-2.5)), AsDouble = 0.8,
                    TraceId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString(traceId)),
                    SpanId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString(spanId)),
                });
            histogram.DataPoints.Add(point);
        }
        using (var client = app.CreateClient(AppFixture.AdminKey))
        using (var response = await client.PostAsync("/v1/metrics", OtlpAppFixture.Protobuf(
                   MetricAppFixture.Request(service, new Wire.Metric { Name = metric, Unit = "s", Histogram = histogram }))))
            Assert.True(response.IsSuccessStatusCode);

        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/system/metrics");
        var tree = page.GetByTestId("metric-tree");
        await Assertions.Expect(tree).ToContainTextAsync(service);
        await Assertions.Expect(tree).ToContainTextAsync("tests.meter");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await tree.GetByText(metric).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(
            $"name={System.Text.RegularExpressions.Regex.Escape(metric)}.*service={service}.*meter=tests\\.meter"));
        await Assertions.Expect(page.GetByTestId("metric-source")).ToContainTextAsync($"service: {service}");
        await page.GetByTestId("metric-chart").Locator(".apex-chart svg").First.WaitForAsync();
        // The exemplar is a dot on the p95 chart and a row that links to its trace and span.
        await Assertions.Expect(page.GetByTestId("metric-chart")).ToContainTextAsync("exemplars");
        await Assertions.Expect(page.GetByTestId("metric-exemplars")).ToContainTextAsync("0.8 s");
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "metrics-tree-exemplars");

        // The same histogram as a heat map of its buckets, kept in the URL.
        await page.GetByTestId("metric-heatmap-button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("chart=heatmap"));
        await page.GetByTestId("metric-heatmap").Locator(".apexcharts-heatmap").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("metric-heatmap")).ToContainTextAsync("0.1–0.5 s");
        await BrowserFixture.ScreenshotLightAndDarkAsync(page, "metrics-heatmap");
        await page.GetByTestId("exemplar-trace").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/traces/{traceId}\\?span={spanId}$"));
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task A_metric_rule_made_in_the_editor_previews_the_metric_and_fires_for_the_hot_GPU_only()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var metric = $"gpu.temperature.{marker}";
        var rule = $"Hot GPU {marker}";
        var now = DateTimeOffset.UtcNow;
        var gauge = new Wire.Gauge();
        for (var i = 0; i < 20; i++)
            foreach (var (gpu, celsius) in new[] { ("0", 88.0 + i % 3), ("1", 61.0) })
                gauge.DataPoints.Add(new Wire.NumberDataPoint
                {
                    TimeUnixNano = MetricAppFixture.Nanos(now.AddSeconds(-30 * i)), AsDouble = celsius,
                    Attributes = { MetricAppFixture.Attribute("gpu", gpu), MetricAppFixture.Attribute("rack", "r1") },
                });
        using (var client = app.CreateClient(AppFixture.AdminKey))
        using (var response = await client.PostAsync("/v1/metrics", OtlpAppFixture.Protobuf(
                   MetricAppFixture.Request("trainer", new Wire.Metric { Name = metric, Unit = "Cel", Description = "GPU die temperature", Gauge = gauge }))))
            Assert.True(response.IsSuccessStatusCode);

        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/alerts/rules");
        // The ready-made host rules are there, disabled, for an admin to switch on.
        await Assertions.Expect(page.GetByTestId("rules-table")).ToContainTextAsync("Memory over 90 %");
        await page.GetByTestId("new-rule").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(rule);
        await dialog.GetByLabel("Kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Metric (OTLP or this host)" }).ClickAsync();
        var metricField = dialog.GetByTestId("rule-metric").Locator("input");
        await metricField.FillAsync(marker);
        await page.GetByRole(AriaRole.Option, new() { Name = metric }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("rule-metric")).ToContainTextAsync("gauge in Cel, 2 series");
        await dialog.GetByLabel("Aggregation").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "max", Exact = true }).ClickAsync();
        await dialog.GetByTestId("rule-filter").Locator("input").FillAsync("rack=r1");
        await dialog.GetByTestId("rule-group-by").Locator("input").FillAsync("gpu");
        await dialog.GetByLabel("Threshold").FillAsync("85");
        // The preview charts the largest group against the threshold.
        await Assertions.Expect(dialog.GetByTestId("preview-summary")).ToContainTextAsync("past the threshold", new() { Timeout = 15_000 });
        await dialog.Locator(".apex-chart svg").First.WaitForAsync();
        await dialog.GetByTestId("dry-run").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("dry-run-result")).ToContainTextAsync("Yes: the value now is 90");
        await Assertions.Expect(dialog.GetByTestId("dry-run-result")).ToContainTextAsync("1 of 2 groups past it");
        await BrowserFixture.ScreenshotAsync(page, "alert-metric-rule-light");
        // The dialog's overlay covers the toggle: the click goes to the button itself.
        await page.GetByTestId("theme-toggle").DispatchEventAsync("click");
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "alert-metric-rule-dark");
        await page.GetByTestId("theme-toggle").DispatchEventAsync("click");
        await page.GetByTestId("rule-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rules-table")).ToContainTextAsync($"max({metric}{{rack=r1}}) by gpu over 5m > 85");
        await Assertions.Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);

        await page.GetByTestId("evaluate-now").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rules-table").Locator("tr", new() { HasText = rule }).GetByTestId("rule-status")).ToContainTextAsync("firing");
        await BrowserFixture.OpenAsync(page, "/alerts");
        var row = page.GetByTestId("firing-table").Locator("tr", new() { HasText = rule });
        await Assertions.Expect(row).ToContainTextAsync("gpu=0");
        await Assertions.Expect(row).ToContainTextAsync("90");
        await Assertions.Expect(page.GetByTestId("firing-table")).Not.ToContainTextAsync("gpu=1");
        await BrowserFixture.ScreenshotAsync(page, "alerts-metric-light");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_explorer_charts_a_counter_as_a_rate_and_a_dimension_checkbox_filters_its_lines()
    {
        var metric = $"llm.tokens.{Guid.NewGuid().ToString("N")[..8]}";
        var now = DateTimeOffset.UtcNow;
        var started = MetricAppFixture.Nanos(now.AddMinutes(-12));
        var sum = new Wire.Sum { IsMonotonic = true, AggregationTemporality = Wire.AggregationTemporality.Cumulative };
        foreach (var (model, perMinute) in new[] { ("gpt", 600.0), ("llama", 300.0), ("mistral", 60.0) })
            for (var i = 0; i <= 10; i++)
                sum.DataPoints.Add(new Wire.NumberDataPoint
                {
                    StartTimeUnixNano = started, TimeUnixNano = MetricAppFixture.Nanos(now.AddMinutes(-10 + i)), AsDouble = perMinute * i,
                    Attributes = { MetricAppFixture.Attribute("model", model) },
                });
        using (var client = app.CreateClient(AppFixture.AdminKey))
        using (var response = await client.PostAsync("/v1/metrics", OtlpAppFixture.Protobuf(
                   MetricAppFixture.Request("llm-gateway", new Wire.Metric { Name = metric, Unit = "{token}", Description = "Tokens used", Sum = sum }))))
            Assert.True(response.IsSuccessStatusCode);

        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/system/metrics?name={metric}&groupBy=model&range=1h");
        var lines = page.GetByTestId("metric-lines");
        // A counter is charted as a rate per second: 600 tokens a minute is 10/s.
        await Assertions.Expect(page.GetByTestId("metric-chart")).ToContainTextAsync("rate");
        await Assertions.Expect(lines.Locator("tr", new() { HasText = "gpt" })).ToContainTextAsync("10 {token}/s");
        await Assertions.Expect(lines.Locator("tr", new() { HasText = "llama" })).ToContainTextAsync("5 {token}/s");
        await Assertions.Expect(lines).ToContainTextAsync("mistral");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await page.GetByTestId("dimension-model").GetByText("mistral").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("filter=model%3Dgpt%7Cllama"));
        await Assertions.Expect(lines).Not.ToContainTextAsync("mistral");
        await Assertions.Expect(lines).ToContainTextAsync("llama");
        await page.GetByTestId("metric-chart").Locator(".apex-chart svg").First.WaitForAsync();
        var csv = await page.GetByTestId("metric-csv").GetAttributeAsync("href");
        Assert.Contains("format=csv", csv);
        Assert.Contains("filter=model%3Dgpt%7Cllama", csv);
        await BrowserFixture.ScreenshotAsync(page, "metrics-dimensions-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ScreenshotAsync(page, "metrics-dimensions-dark");
        await page.GotoAsync("/system/metrics");
        await Assertions.Expect(page.GetByTestId("metric-list")).ToContainTextAsync(metric);
        // The stored theme is applied once the page is interactive.
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.WaitForTimeoutAsync(800);
        await BrowserFixture.ScreenshotAsync(page, "metrics-list-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.Context.CloseAsync();
    }
}
