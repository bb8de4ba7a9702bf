using System.Net;
using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>
/// Metrics over windows on a small hand-worked data set of three days: window figures pool the days' counts
/// (and so differ from averaging the days), the daily series, estimated accuracy, and the jobs that compute them.
/// </summary>
public sealed class ModelMetricsApiTests(ModelAppFixture app) : IClassFixture<ModelAppFixture>
{
    private readonly HttpClient _client = app.CreateClient(AppFixture.AdminKey);

    private static readonly string[] Classes = ["cat", "dog", "bird"];
    private static readonly DateTimeOffset Day1 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    // (day, actual or null, predicted, confidence). Pooled confusion (rows actual, columns predicted, cat/dog/bird):
    //   cat  [3 1 0]    cat:  P 3/5, R 3/4, F1 6/9
    //   dog  [1 3 1]    dog:  P 3/4, R 3/5, F1 6/9
    //   bird [1 0 2]    bird: P 2/3, R 2/3, F1 4/6      accuracy 8/12
    // Daily accuracy 3/4, 4/6, 1/2: their mean (0.639) is not the pooled 0.667.
    private static readonly (int Day, string? Actual, string Predicted, double Confidence)[] Samples =
    [
        (0, "cat", "cat", 0.9), (0, "cat", "cat", 0.8), (0, "dog", "cat", 0.6), (0, "dog", "dog", 0.7),
        (1, "cat", "dog", 0.55), (1, "dog", "dog", 0.95), (1, "dog", "dog", 0.85), (1, "bird", "bird", 0.75), (1, "bird", "cat", 0.5), (1, "cat", "cat", 0.65),
        (2, "bird", "bird", 0.9), (2, "dog", "bird", 0.4), (2, null, "cat", 0.3), (2, null, "dog", 0.35),
    ];

    private async Task<string> SeedAsync()
    {
        var name = ModelApi.NewName("metrics");
        await _client.CreateModelAsync(name, Classes);
        await _client.PredictAsync(name, Samples.Select((s, i) => new
        {
            id = $"img-{i:00}.jpg",
            predicted = s.Predicted,
            confidence = s.Confidence,
            timestamp = Day1.AddDays(s.Day).AddHours(8 + i),
        }).ToArray());
        // Validated on later days: still counted on the prediction's day.
        await _client.ValidateAsync(name, Samples.Select((s, i) => (s, i)).Where(x => x.s.Actual is not null).Select(x => new
        {
            id = $"img-{x.i:00}.jpg",
            actual = x.s.Actual,
            validatedAt = Day1.AddDays(5),
        }).ToArray());
        await _client.RecomputeAsync(name);
        return name;
    }

    private static ConfusionMatrix Matrix(IEnumerable<(int Day, string? Actual, string Predicted, double Confidence)> samples)
    {
        var validated = samples.Where(s => s.Actual is not null).ToList();
        return ConfusionMatrix.FromPredictions(validated.Select(s => s.Actual!).ToList(), validated.Select(s => s.Predicted).ToList(), Classes);
    }

    /// <summary>scikit-learn's default labels: the classes that occur among the validated samples.</summary>
    private static ConfusionMatrix SklearnLabels(IEnumerable<(int Day, string? Actual, string Predicted, double Confidence)> samples)
    {
        var validated = samples.Where(s => s.Actual is not null).ToList();
        return ConfusionMatrix.FromPredictions(validated.Select(s => s.Actual!).ToList(), validated.Select(s => s.Predicted).ToList());
    }

    [Fact]
    public async Task Window_metrics_pool_the_days_counts_and_equal_scikit_learn_on_the_pooled_matrix()
    {
        var name = await SeedAsync();

        var m = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-04");

        var expected = ClassificationMetrics.From(Matrix(Samples));
        Assert.Equal(14, m.GetProperty("predictions").GetInt64());
        Assert.Equal(12, m.GetProperty("validated").GetInt64());
        Assert.Equal(12.0 / 14, m.GetProperty("validatedShare").GetDouble(), 12);
        Assert.Equal(8.0 / 12, m.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(expected.Accuracy, m.GetProperty("accuracy").GetDouble(), 12);
        foreach (var (metric, averages) in new[] { ("precision", expected.Precision), ("recall", expected.Recall), ("f1", expected.F1) })
        {
            Assert.Equal(averages.Macro, m.GetProperty(metric).GetProperty("macro").GetDouble(), 12);
            Assert.Equal(averages.Micro, m.GetProperty(metric).GetProperty("micro").GetDouble(), 12);
            Assert.Equal(averages.Weighted, m.GetProperty(metric).GetProperty("weighted").GetDouble(), 12);
        }
        // By hand: macro P = (3/5 + 3/4 + 2/3) / 3, weighted P = (3/5·4 + 3/4·5 + 2/3·3) / 12, macro F1 = 2/3.
        Assert.Equal((0.6 + 0.75 + 2.0 / 3) / 3, m.GetProperty("precision").GetProperty("macro").GetDouble(), 12);
        Assert.Equal((0.6 * 4 + 0.75 * 5 + 2.0 / 3 * 3) / 12, m.GetProperty("precision").GetProperty("weighted").GetDouble(), 12);
        Assert.Equal(2.0 / 3, m.GetProperty("f1").GetProperty("macro").GetDouble(), 12);

        var cat = m.GetProperty("perClass")[0];
        Assert.Equal("cat", cat.GetProperty("class").GetString());
        Assert.Equal(0.6, cat.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(0.75, cat.GetProperty("recall").GetDouble(), 12);
        Assert.Equal(4, cat.GetProperty("support").GetInt64());
        Assert.Equal(5, cat.GetProperty("predicted").GetInt64());
        Assert.Equal(6, cat.GetProperty("predictions").GetInt64());

        var confusion = m.GetProperty("confusion");
        Assert.Equal(Classes, confusion.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(new long[][] { [3, 1, 0], [1, 3, 1], [1, 0, 2] },
            confusion.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray());
        Assert.Equal(EstimatedAccuracy.From(Samples.Select(s => s.Confidence))!.Value, m.GetProperty("estimatedAccuracy").GetDouble(), 12);
        Assert.NotEqual(JsonValueKind.Null, m.GetProperty("computedAt").ValueKind);
    }

    [Fact]
    public async Task Pooled_accuracy_is_not_the_mean_of_the_daily_values()
    {
        var name = await SeedAsync();

        var pooled = (await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-04")).GetProperty("accuracy").GetDouble();
        var days = await _client.GetJsonAsync($"/api/models/{name}/metrics/daily?from=2026-10-01&to=2026-10-04");
        var daily = days.EnumerateArray().Select(d => d.GetProperty("accuracy").GetDouble()).ToList();

        Assert.Equal([0.75, 4.0 / 6, 0.5], daily);
        Assert.Equal(8.0 / 12, pooled, 12);
        Assert.NotEqual(daily.Average(), pooled, 3);
        var f1Pooled = (await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-04")).GetProperty("f1").GetProperty("macro").GetDouble();
        Assert.NotEqual(days.EnumerateArray().Average(d => d.GetProperty("f1").GetProperty("macro").GetDouble()), f1Pooled, 3);
    }

    [Fact]
    public async Task Daily_series_gives_each_days_counts_figures_and_estimated_accuracy()
    {
        var name = await SeedAsync();

        var days = (await _client.GetJsonAsync($"/api/models/{name}/metrics/daily?from=2026-09-25&to=2026-10-10")).EnumerateArray().ToList();

        Assert.Equal(["2026-10-01", "2026-10-02", "2026-10-03"], days.Select(d => d.GetProperty("day").GetString()));
        Assert.Equal([4L, 6L, 4L], days.Select(d => d.GetProperty("predictions").GetInt64()));
        Assert.Equal([4L, 6L, 2L], days.Select(d => d.GetProperty("validated").GetInt64()));
        for (var day = 0; day < 3; day++)
        {
            var expected = ClassificationMetrics.From(SklearnLabels(Samples.Where(s => s.Day == day)));
            Assert.Equal(expected.Precision.Macro, days[day].GetProperty("precision").GetProperty("macro").GetDouble(), 12);
            Assert.Equal(expected.Recall.Macro, days[day].GetProperty("recall").GetProperty("macro").GetDouble(), 12);
            Assert.Equal(expected.F1.Weighted, days[day].GetProperty("f1").GetProperty("weighted").GetDouble(), 12);
            Assert.Equal(EstimatedAccuracy.From(Samples.Where(s => s.Day == day).Select(s => s.Confidence))!.Value,
                days[day].GetProperty("estimatedAccuracy").GetDouble(), 12);
        }
    }

    [Fact]
    public async Task A_window_covers_the_days_it_overlaps_and_nothing_else()
    {
        var name = await SeedAsync();

        // 2026-10-02 12:00 to 2026-10-03 00:00: only the second day.
        var m = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-02T12:00:00Z&to=2026-10-03T00:00:00Z");

        var expected = ClassificationMetrics.From(Matrix(Samples.Where(s => s.Day == 1)));
        Assert.Equal(6, m.GetProperty("predictions").GetInt64());
        Assert.Equal(expected.Accuracy, m.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(expected.F1.Macro, m.GetProperty("f1").GetProperty("macro").GetDouble(), 12);

        var empty = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-11-01&to=2026-11-08");
        Assert.Equal(0, empty.GetProperty("predictions").GetInt64());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("estimatedAccuracy").ValueKind);
        Assert.Equal(3, empty.GetProperty("perClass").GetArrayLength());
    }

    [Fact]
    public async Task Classes_absent_from_the_validated_samples_do_not_dilute_the_macro_average()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "cat", "dog", "bird", "fish");
        await _client.PredictAsync(name, new object[]
        {
            new { id = "1", predicted = "cat", timestamp = Day1 },
            new { id = "2", predicted = "dog", timestamp = Day1 },
            new { id = "3", predicted = "fish", timestamp = Day1 },
        });
        await _client.ValidateAsync(name, new object[] { new { id = "1", actual = "cat" }, new { id = "2", actual = "dog" } });
        await _client.RecomputeAsync(name);

        var m = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-02");

        // As scikit-learn without labels: the averages run over cat and dog only.
        Assert.Equal(1.0, m.GetProperty("precision").GetProperty("macro").GetDouble());
        var perClass = m.GetProperty("perClass").EnumerateArray().ToDictionary(c => c.GetProperty("class").GetString()!);
        Assert.Equal(JsonValueKind.Null, perClass["bird"].GetProperty("precision").ValueKind);
        Assert.Equal(JsonValueKind.Null, perClass["fish"].GetProperty("f1").ValueKind);
        Assert.Equal(1, perClass["fish"].GetProperty("predictions").GetInt64());
        Assert.Equal(4, m.GetProperty("confusion").GetProperty("labels").GetArrayLength());
    }

    [Theory]
    [InlineData("from=2026-10-05&to=2026-10-01", "must be before")]
    [InlineData("from=someday", "'from' must be")]
    [InlineData("to=later", "'to' must be")]
    public async Task A_bad_window_is_refused_with_400(string query, string expected)
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name);

        foreach (var route in new[] { "metrics", "metrics/daily" })
        {
            var problem = await _client.GetJsonAsync($"/api/models/{name}/{route}?{query}", HttpStatusCode.BadRequest);
            Assert.Contains(expected, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Recompute_without_wait_enqueues_the_jobs_which_then_compute_the_counts()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name);
        await _client.PredictAsync(name, new { id = "q", predicted = "cat", confidence = 0.4, timestamp = Day1 });
        Assert.True((await _client.GetJsonAsync($"/api/models/{name}")).GetProperty("metricsPending").GetBoolean());

        using var response = await _client.PostAsync($"/api/models/{name}/recompute", null);
        var accepted = await ModelApi.ExpectAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(2, accepted.GetProperty("jobs").GetArrayLength());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement metrics;
        do
        {
            await Task.Delay(100);
            metrics = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-02");
        } while (metrics.GetProperty("predictions").GetInt64() == 0 && DateTime.UtcNow < deadline);
        var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var states = string.Join("; ", accepted.GetProperty("jobs").EnumerateArray().Select(j =>
            string.Join(" → ", monitoring.JobDetails(j.GetString()!)?.History.Select(h => $"{h.StateName} {h.CreatedAt:HH:mm:ss.fff} {h.Reason} {string.Join(",", h.Data.Select(d => $"{d.Key}={d.Value}"))}") ?? [])));
        Assert.True(metrics.GetProperty("predictions").GetInt64() == 1, $"jobs: {states}");
        Assert.False((await _client.GetJsonAsync($"/api/models/{name}")).GetProperty("metricsPending").GetBoolean());
    }

    [Fact]
    public async Task The_recurring_metrics_job_recomputes_models_with_new_data()
    {
        var name = await SeedAsync();
        await _client.PredictAsync(name, new { id = "late.jpg", predicted = "dog", confidence = 0.5, timestamp = Day1 });
        Assert.Equal(14, (await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-04")).GetProperty("predictions").GetInt64());

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AiLogger.Infrastructure.ModelMonitoring.ModelMetricsJob>().RunAsync(CancellationToken.None);

        Assert.Equal(15, (await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-10-01&to=2026-10-04")).GetProperty("predictions").GetInt64());
    }

    [Fact]
    public async Task The_list_shows_each_model_with_totals_and_a_daily_series()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "cat", "dog");
        var today = DateTimeOffset.UtcNow;
        await _client.PredictAsync(name, new object[]
        {
            new { id = "t1", predicted = "cat", confidence = 0.9, timestamp = today.AddDays(-1) },
            new { id = "t2", predicted = "dog", confidence = 0.7, timestamp = today.AddDays(-2) },
            new { id = "old", predicted = "dog", confidence = 0.7, timestamp = today.AddDays(-60) },
        });
        await _client.ValidateAsync(name, new object[] { new { id = "t1", actual = "cat" }, new { id = "t2", actual = "cat" } });
        await _client.RecomputeAsync(name);

        var listed = (await _client.GetJsonAsync("/api/models")).EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);

        Assert.Equal(3, listed.GetProperty("predictions").GetInt64());
        Assert.Equal(2, listed.GetProperty("validated").GetInt64());
        var recent = listed.GetProperty("recent");
        Assert.Equal(2, recent.GetProperty("predictions").GetInt64());
        Assert.Equal(0.5, recent.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(0.8, recent.GetProperty("estimatedAccuracy").GetDouble(), 12);
        Assert.Equal(2, listed.GetProperty("daily").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("drifted").ValueKind);
    }
}
