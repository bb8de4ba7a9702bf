using System.Net;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>
/// References and drift over the API: the test chosen by the reference's size as Evidently does, a drifted and a
/// stable case of each, and the two distributions a chart needs. The current window is the last 7 days.
/// </summary>
public sealed class ModelDriftApiTests(ModelAppFixture app) : IClassFixture<ModelAppFixture>
{
    private readonly HttpClient _client = app.CreateClient(AppFixture.AdminKey);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A model with <paramref name="mix"/> predictions per class over the last 6 days, each validated as predicted.</summary>
    private async Task<string> ModelWithRecentAsync(string[] classes, int[] mix, object? reference)
    {
        var name = ModelApi.NewName("drift");
        await _client.CreateModelAsync(name, classes);
        var predictions = classes.SelectMany((c, k) => Enumerable.Range(0, mix[k]).Select(i => (Class: c, Id: $"{c}-{i}"))).ToList();
        await _client.PredictAsync(name, predictions.Select((p, i) => new
        {
            id = p.Id,
            predicted = p.Class,
            confidence = 0.5 + i % 50 / 100.0,
            timestamp = Now.AddHours(-1 - i % 140),
        }).ToArray());
        await _client.ValidateAsync(name, predictions.Select(p => new { id = p.Id, actual = p.Class }).ToArray());
        if (reference is not null) await _client.PostAsync($"/api/models/{name}/reference", reference, HttpStatusCode.OK);
        return name;
    }

    private async Task<Dictionary<string, JsonElement>> DriftAsync(string name)
    {
        await _client.RecomputeAsync(name);
        return (await _client.GetJsonAsync($"/api/models/{name}/drift")).EnumerateArray().ToDictionary(d => d.GetProperty("feature").GetString()!);
    }

    [Fact]
    public async Task A_small_training_reference_is_compared_with_chi_squared_and_a_shifted_mix_drifts()
    {
        string[] classes = ["cat", "dog", "bird"];
        var counts = new { classCounts = new { cat = 300, dog = 300, bird = 300 } };
        var drifted = await DriftAsync(await ModelWithRecentAsync(classes, [90, 5, 5], counts));
        var stable = await DriftAsync(await ModelWithRecentAsync(classes, [33, 33, 34], counts));

        var shifted = drifted["predicted_class"];
        Assert.Equal("chi-squared", shifted.GetProperty("method").GetString());
        Assert.Equal("categorical", shifted.GetProperty("kind").GetString());
        Assert.True(shifted.GetProperty("drifted").GetBoolean());
        Assert.True(shifted.GetProperty("pValue").GetDouble() < 0.05);
        Assert.Equal(0.05, shifted.GetProperty("threshold").GetDouble());
        Assert.Equal("major", shifted.GetProperty("psiLevel").GetString());
        Assert.Equal(900, shifted.GetProperty("referenceCount").GetInt64());
        Assert.Equal(100, shifted.GetProperty("currentCount").GetInt64());
        Assert.Equal("training", shifted.GetProperty("reference").GetProperty("kind").GetString());
        var bins = shifted.GetProperty("distribution").EnumerateArray().ToList();
        Assert.Equal(classes, bins.Select(b => b.GetProperty("label").GetString()));
        Assert.Equal([300L, 300L, 300L], bins.Select(b => b.GetProperty("reference").GetInt64()));
        Assert.Equal([0.9, 0.05, 0.05], bins.Select(b => b.GetProperty("currentShare").GetDouble()));
        Assert.True(drifted["actual_class"].GetProperty("drifted").GetBoolean());
        // Training counts carry no values: confidence and inputs need a production-period reference.
        Assert.False(drifted.ContainsKey("confidence"));

        Assert.False(stable["predicted_class"].GetProperty("drifted").GetBoolean());
        Assert.True(stable["predicted_class"].GetProperty("pValue").GetDouble() > 0.5);
        Assert.Equal("stable", stable["predicted_class"].GetProperty("psiLevel").GetString());
    }

    [Fact]
    public async Task Two_classes_and_a_small_reference_use_the_two_proportion_z_test()
    {
        var name = await ModelWithRecentAsync(["yes", "no"], [45, 5], new { classCounts = new { yes = 400, no = 400 } });

        var drift = (await DriftAsync(name))["predicted_class"];

        Assert.Equal("z-test", drift.GetProperty("method").GetString());
        Assert.True(drift.GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task A_large_training_reference_is_compared_with_the_jensen_shannon_distance()
    {
        string[] classes = ["cat", "dog", "bird"];
        var counts = new { classCounts = new { cat = 5000, dog = 4000, bird = 1000 } };
        var drifted = (await DriftAsync(await ModelWithRecentAsync(classes, [10, 10, 80], counts)))["predicted_class"];
        var stable = (await DriftAsync(await ModelWithRecentAsync(classes, [50, 40, 10], counts)))["predicted_class"];

        Assert.Equal("jensen-shannon", drifted.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, drifted.GetProperty("pValue").ValueKind);
        Assert.Equal(0.1, drifted.GetProperty("threshold").GetDouble());
        Assert.True(drifted.GetProperty("statistic").GetDouble() >= 0.1);
        Assert.True(drifted.GetProperty("drifted").GetBoolean());
        Assert.Equal("jensen-shannon", stable.GetProperty("method").GetString());
        Assert.True(stable.GetProperty("statistic").GetDouble() < 1e-9);
        Assert.False(stable.GetProperty("drifted").GetBoolean());
    }

    /// <summary>
    /// A production period 40 to 20 days ago as reference, and the last 6 days as current: brightness shifted by three
    /// standard deviations and the camera mix changed; confidence and the lens flag drawn the same way in both.
    /// </summary>
    private async Task<string> ModelWithPeriodAsync(int referenceSize)
    {
        var name = ModelApi.NewName("period");
        await _client.CreateModelAsync(name, "cat", "dog");
        var random = new Random(7);
        object Prediction(string id, DateTimeOffset at, double brightnessMean, double frontShare) => new
        {
            id,
            predicted = random.NextDouble() < 0.5 ? "cat" : "dog",
            confidence = Math.Round(0.6 + 0.4 * random.NextDouble(), 4),
            timestamp = at,
            features = new Dictionary<string, object>
            {
                ["brightness"] = brightnessMean + 0.1 * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5),
                ["camera"] = random.NextDouble() < frontShare ? "front" : "back",
                ["wide_lens"] = random.NextDouble() < 0.3 ? 1 : 0,
                ["tags"] = new[] { "nested", "ignored" },
            },
        };
        var reference = Enumerable.Range(0, referenceSize).Select(i => Prediction($"ref-{i}", Now.AddDays(-40).AddMinutes(i * 20), 0.5, 0.5));
        var current = Enumerable.Range(0, 300).Select(i => Prediction($"cur-{i}", Now.AddHours(-1).AddMinutes(-i * 25), 0.8, 0.9));
        await _client.PredictAsync(name, reference.Concat(current).ToArray());
        await _client.PostAsync($"/api/models/{name}/reference", new { from = Now.AddDays(-40).AddMinutes(-1), to = Now.AddDays(-20) }, HttpStatusCode.OK);
        return name;
    }

    [Fact]
    public async Task A_small_period_reference_compares_confidence_and_inputs_with_kolmogorov_smirnov()
    {
        var drift = await DriftAsync(await ModelWithPeriodAsync(referenceSize: 600));

        Assert.Equal(["predicted_class", "confidence", "brightness", "camera", "wide_lens"], drift.Keys);
        var brightness = drift["brightness"];
        Assert.Equal("numeric", brightness.GetProperty("kind").GetString());
        Assert.Equal("ks", brightness.GetProperty("method").GetString());
        Assert.True(brightness.GetProperty("drifted").GetBoolean());
        Assert.True(brightness.GetProperty("statistic").GetDouble() > 0.8);
        Assert.Equal("period", brightness.GetProperty("reference").GetProperty("kind").GetString());
        var bins = brightness.GetProperty("distribution").EnumerateArray().ToList();
        Assert.Equal(10, bins.Count);
        Assert.Equal(600, bins.Sum(b => b.GetProperty("reference").GetInt64()));
        Assert.Equal(300, bins.Sum(b => b.GetProperty("current").GetInt64()));
        Assert.True(bins[0].GetProperty("lower").GetDouble() < bins[0].GetProperty("upper").GetDouble());

        Assert.Equal("ks", drift["confidence"].GetProperty("method").GetString());
        Assert.False(drift["confidence"].GetProperty("drifted").GetBoolean());
        Assert.Equal("z-test", drift["camera"].GetProperty("method").GetString());
        Assert.True(drift["camera"].GetProperty("drifted").GetBoolean());
        // Two distinct values: compared as categories, as Evidently does with a numeric column of at most five.
        Assert.Equal("categorical", drift["wide_lens"].GetProperty("kind").GetString());
        Assert.False(drift["wide_lens"].GetProperty("drifted").GetBoolean());
        Assert.False(drift["predicted_class"].GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task A_large_period_reference_compares_numbers_with_the_normed_wasserstein_distance()
    {
        var drift = await DriftAsync(await ModelWithPeriodAsync(referenceSize: 1400));

        Assert.Equal("wasserstein", drift["brightness"].GetProperty("method").GetString());
        Assert.True(drift["brightness"].GetProperty("statistic").GetDouble() > 1);
        Assert.True(drift["brightness"].GetProperty("drifted").GetBoolean());
        Assert.Equal("wasserstein", drift["confidence"].GetProperty("method").GetString());
        Assert.False(drift["confidence"].GetProperty("drifted").GetBoolean());
        Assert.Equal("jensen-shannon", drift["camera"].GetProperty("method").GetString());
        Assert.True(drift["camera"].GetProperty("drifted").GetBoolean());
        Assert.True(drift["brightness"].GetProperty("psi").GetDouble() >= 0.25);
    }

    [Fact]
    public async Task The_list_flags_a_drifted_model_and_names_the_features()
    {
        var name = await ModelWithRecentAsync(["cat", "dog", "bird"], [90, 5, 5], new { classCounts = new { cat = 300, dog = 300, bird = 300 } });
        await _client.RecomputeAsync(name);

        var listed = await _client.GetJsonAsync($"/api/models/{name}");

        Assert.True(listed.GetProperty("drifted").GetBoolean());
        Assert.Equal(["predicted_class", "actual_class"], listed.GetProperty("driftedFeatures").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task The_reference_is_read_back_with_its_class_counts()
    {
        var training = await ModelWithRecentAsync(["cat", "dog", "bird"], [3, 2, 1], new { classCounts = new { dog = 20, cat = 10 } });
        var stored = await _client.GetJsonAsync($"/api/models/{training}/reference");
        Assert.Equal("training", stored.GetProperty("kind").GetString());
        Assert.Equal(["cat", "dog", "bird"], stored.GetProperty("classCounts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(30, stored.GetProperty("total").GetInt64());

        var period = await ModelWithRecentAsync(["cat", "dog"], [3, 2], null);
        await _client.PostAsync($"/api/models/{period}/reference", new { from = Now.AddDays(-7), to = Now }, HttpStatusCode.OK);
        var counts = (await _client.GetJsonAsync($"/api/models/{period}/reference")).GetProperty("classCounts");
        Assert.Equal(3, counts.GetProperty("cat").GetInt64());
        Assert.Equal(2, counts.GetProperty("dog").GetInt64());
    }

    [Theory]
    [InlineData("""{"classCounts":{"cat":10,"horse":5}}""", "classCounts", "'horse' is not one of the model's classes")]
    [InlineData("""{"classCounts":{"cat":-1}}""", "classCounts", "must not be negative")]
    [InlineData("""{"classCounts":{"cat":1.5}}""", "classCounts", "whole number")]
    [InlineData("""{"classCounts":{"cat":10},"from":"2026-01-01"}""", "classCounts", "not both")]
    [InlineData("""{}""", "classCounts", "not neither")]
    [InlineData("""{"from":"2020-01-01","to":"2020-02-01"}""", "from", "has no predictions")]
    [InlineData("""{"from":"2020-02-01","to":"2020-01-01"}""", "to", "after 'from'")]
    [InlineData("""{"from":"soon","to":"2020-01-01"}""", "from", "ISO 8601")]
    [InlineData("""{"classCounts":{"cat":1},"weights":[1]}""", "weights", "Unknown field")]
    public async Task A_bad_reference_is_refused_with_400_naming_the_field(string body, string field, string expected)
    {
        var name = await ModelWithRecentAsync(["cat", "dog"], [1, 1], null);

        var problem = await _client.PostTextAsync($"/api/models/{name}/reference", body, HttpStatusCode.BadRequest);

        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, m => m.Contains(expected));
        await _client.GetJsonAsync($"/api/models/{name}/reference", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_reference_there_is_no_drift_result()
    {
        var name = await ModelWithRecentAsync(["cat", "dog"], [4, 4], null);

        Assert.Empty(await DriftAsync(name));
        Assert.Equal(JsonValueKind.Null, (await _client.GetJsonAsync($"/api/models/{name}")).GetProperty("drifted").ValueKind);
    }
}
