using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary><c>/metrics</c> is valid Prometheus text format (0.0.4) and carries the figures it promises.</summary>
public sealed partial class MetricsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_count_what_was_ingested()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var source = $"metrics-{Guid.NewGuid():N}";
        using (await client.PostJsonTextAsync("/api/logs", $$"""[{"message":"a","level":"error","component":"{{source}}"},{"message":"b","component":"{{source}}"},{"message":"c","component":"{{source}}"}]""")) { }

        using var response = await client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        var (types, samples) = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("counter", types["ailogger_events_ingested_total"]);
        Assert.Equal(1, samples.Single(s => s.Name == "ailogger_events_ingested_total" && s.Labels["source"] == source && s.Labels["level"] == "Error").Value);
        Assert.Equal(2, samples.Single(s => s.Name == "ailogger_events_ingested_total" && s.Labels["source"] == source && s.Labels["level"] == "Information").Value);
        Assert.Equal("gauge", types["ailogger_ingest_queue_events"]);
        Assert.True(samples.Single(s => s.Name == "ailogger_database_bytes").Value > 0);
        Assert.True(samples.Single(s => s.Name == "ailogger_events_stored").Value >= 3);
        Assert.Contains(samples, s => s.Name == "ailogger_http_requests_total" && s.Labels["route"] == "/api/logs" && s.Labels["status"] == "201");
        AssertHistogram(samples, "ailogger_ingest_commit_seconds", new Dictionary<string, string>());
        AssertHistogram(samples, "ailogger_http_request_duration_seconds", new Dictionary<string, string> { ["route"] = "/api/logs" });
    }

    [Fact]
    public async Task Requests_with_invented_methods_and_paths_add_no_series()
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        async Task<int> SeriesAsync() => Parse(await client.GetStringAsync("/metrics")).Samples.Count(s => s.Name == "ailogger_http_requests_total");
        using var anonymous = app.CreateClient(null);
        for (var i = 0; i < 20; i++)
            using (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod($"WARMUP{i}"), $"/{(i % 2 == 0 ? "api/" : "")}warm-{i}"))) { }
        await SeriesAsync(); // its own request is a series too, counted once it has been answered
        var before = await SeriesAsync();

        await Parallel.ForAsync(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod($"X{i:X4}"), $"/{(i % 2 == 0 ? "api/" : "")}random-{i}");
            using (await anonymous.SendAsync(request, ct)) { }
        });

        Assert.Equal(before, await SeriesAsync());
        var samples = Parse(await client.GetStringAsync("/metrics")).Samples;
        Assert.Contains(samples, s => s.Name == "ailogger_http_requests_total" && s.Labels["method"] == "OTHER");
        Assert.DoesNotContain(samples, s => s.Name == "ailogger_http_requests_total" && s.Labels["method"].StartsWith('X'));
    }

    [Fact]
    public async Task Metrics_need_a_key_with_the_read_scope()
    {
        using var anonymous = app.CreateClient(null);
        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Buckets are cumulative, ordered by le, end with +Inf, and +Inf equals _count.</summary>
    private static void AssertHistogram(List<Sample> samples, string name, Dictionary<string, string> labels)
    {
        bool Same(Sample s) => labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
        var buckets = samples.Where(s => s.Name == name + "_bucket" && Same(s)).ToList();
        Assert.NotEmpty(buckets);
        Assert.Equal("+Inf", buckets[^1].Labels["le"]);
        var bounds = buckets.SkipLast(1).Select(b => double.Parse(b.Labels["le"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(bounds.Order(), bounds);
        Assert.Equal(buckets.Select(b => b.Value).Order(), buckets.Select(b => b.Value));
        var count = samples.Single(s => s.Name == name + "_count" && Same(s)).Value;
        Assert.Equal(count, buckets[^1].Value);
        Assert.True(count > 0);
        Assert.Contains(samples, s => s.Name == name + "_sum" && Same(s));
    }

    /// <summary>A strict reader of the text exposition format: every line is a comment, a HELP/TYPE or a valid sample.</summary>
    private static (Dictionary<string, string> Types, List<Sample> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        Assert.EndsWith("\n", text);
        foreach (var line in text.Split('\n')[..^1])
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(MetricName(), line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(types.TryAdd(parts[2], parts[3]), $"{parts[2]} is typed twice");
                continue;
            }
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var labels = new Dictionary<string, string>();
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
                Assert.True(labels.TryAdd(label.Groups[1].Value, Regex.Unescape(label.Groups[2].Value)), $"label repeated in '{line}'");
            var value = match.Groups["value"].Value;
            samples.Add(new Sample(match.Groups["name"].Value, labels,
                value switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => double.Parse(value, CultureInfo.InvariantCulture) }));
            var family = samples[^1].Name;
            foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
                if (!types.ContainsKey(family) && family.EndsWith(suffix, StringComparison.Ordinal)) family = family[..^suffix.Length];
            Assert.True(types.ContainsKey(family), $"{samples[^1].Name} has no # TYPE line before it");
        }
        return (types, samples);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*)\})? (?<value>[-+]?(\d+(\.\d*)?([eE][-+]?\d+)?|Inf|NaN))$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
