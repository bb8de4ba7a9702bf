using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>Registering models and sending predictions and validations: atomic batches, and 400s that name what is wrong.</summary>
public sealed class ModelIngestApiTests(ModelAppFixture app) : IClassFixture<ModelAppFixture>
{
    private readonly HttpClient _client = app.CreateClient(AppFixture.AdminKey);

    private static readonly DateTimeOffset Day = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Registering_a_model_answers_201_then_200_when_sent_again_and_it_is_listed()
    {
        var name = ModelApi.NewName();
        var created = await _client.CreateModelAsync(name, "cat", "dog");
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(["cat", "dog"], created.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));

        var updated = await _client.PostAsync("/api/models", new { name = name.ToUpperInvariant(), version = "2.0", classes = new[] { "cat", "dog", "bird" }, description = "v2" }, HttpStatusCode.OK);
        Assert.Equal(name, updated.GetProperty("name").GetString());
        Assert.Equal("2.0", updated.GetProperty("version").GetString());

        var one = await _client.GetJsonAsync($"/api/models/{name}");
        Assert.Equal(3, one.GetProperty("classes").GetArrayLength());
        Assert.Equal("v2", one.GetProperty("description").GetString());
        Assert.Equal(0, one.GetProperty("predictions").GetInt64());
        Assert.Contains(await ListedNamesAsync(), n => n == name);
    }

    [Theory]
    [InlineData("""{"name":"has space"}""", "name")]
    [InlineData("""{"version":"1"}""", "name")]
    [InlineData("""{"name":"dupes","classes":["cat","cat"]}""", "classes")]
    [InlineData("""{"name":"blank-class","classes":["cat",""]}""", "classes")]
    public async Task A_bad_model_definition_is_refused_with_400_naming_the_field(string body, string field)
    {
        var problem = await _client.PostTextAsync("/api/models", body, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("POST", "/predictions")]
    [InlineData("POST", "/validations")]
    [InlineData("POST", "/reference")]
    [InlineData("POST", "/recompute")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/metrics/daily")]
    [InlineData("GET", "/drift")]
    [InlineData("GET", "")]
    public async Task An_unknown_model_answers_404_naming_it(string method, string suffix)
    {
        var name = ModelApi.NewName("ghost");
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/models/{name}{suffix}");
        if (method == "POST") request.Content = JsonContent.Create(new[] { new { id = "a", predicted = "cat" } });

        using var response = await _client.SendAsync(request);

        var problem = await ModelApi.ExpectAsync(response, HttpStatusCode.NotFound);
        Assert.Contains($"'{name}'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_class_rejects_the_whole_batch_naming_the_record_and_the_class()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "cat", "dog");

        var problem = await _client.PostAsync($"/api/models/{name}/predictions", new object[]
        {
            new { id = "ok-1", predicted = "cat", confidence = 0.9, timestamp = Day },
            new { id = "bad-1", predicted = "horse", confidence = 0.8, timestamp = Day },
            new { id = "bad-2", predicted = "dog", probabilities = new Dictionary<string, double> { ["dog"] = 0.7, ["cow"] = 0.3 }, timestamp = Day },
        }, HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("nothing was stored", detail);
        Assert.Contains("'horse' is not one of the classes", detail);
        var errors = ModelApi.Errors(problem);
        Assert.Equal([1, 2], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal("bad-1", errors[0].GetProperty("id").GetString());
        Assert.Contains("'cow'", errors[1].GetProperty("message").GetString());
        Assert.Equal(0, await StoredPredictionsAsync(name));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    public async Task A_confidence_outside_0_1_rejects_the_batch(double confidence)
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name);

        var problem = await _client.PostAsync($"/api/models/{name}/predictions", new object[]
        {
            new { id = "fine", predicted = "cat", confidence = 0.5, timestamp = Day },
            new { id = "wrong", predicted = "cat", confidence, timestamp = Day },
        }, HttpStatusCode.BadRequest);

        var error = Assert.Single(ModelApi.Errors(problem));
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Contains("'confidence' must lie in [0, 1]", error.GetProperty("message").GetString());
        Assert.Equal(0, await StoredPredictionsAsync(name));
    }

    [Theory]
    [InlineData("""[{"id":"a","predicted":"cat"}""", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("\"just text\"", "one JSON object or an array")]
    [InlineData("""[{"predicted":"cat"}]""", "'id' is required")]
    [InlineData("""[{"id":"a"}]""", "'predicted' is required")]
    [InlineData("""[{"id":"a","predicted":"cat","confidnce":0.9}]""", "unknown field 'confidnce'")]
    [InlineData("""[{"id":"a","predicted":"cat","timestamp":"yesterday-ish"}]""", "'timestamp' must be")]
    [InlineData("""[{"id":"a","predicted":"cat","features":[1,2]}]""", "'features' must be a JSON object")]
    [InlineData("""[{"id":"a","predicted":"cat","validatedAt":"2026-10-01T00:00:00Z"}]""", "without 'actual'")]
    [InlineData("""[{"id":"a","predicted":["cat"]}]""", "'predicted' must be a string or an integer")]
    public async Task Malformed_predictions_are_refused_with_a_message_that_says_why(string body, string expected)
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name);

        var problem = await _client.PostTextAsync($"/api/models/{name}/predictions", body, HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_validation_of_an_unknown_prediction_id_rejects_the_batch_naming_the_id()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "cat", "dog");
        await _client.PredictAsync(name, new[] { new { id = "img-1.jpg", predicted = "cat", confidence = 0.9, timestamp = Day } });

        var problem = await _client.PostAsync($"/api/models/{name}/validations", new object[]
        {
            new { id = "img-1.jpg", actual = "dog" },
            new { id = "img-404.jpg", actual = "cat" },
        }, HttpStatusCode.BadRequest);

        Assert.Contains("no prediction has id 'img-404.jpg'", problem.GetProperty("detail").GetString());
        var error = Assert.Single(ModelApi.Errors(problem));
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("img-404.jpg", error.GetProperty("id").GetString());
        // The first validation of the batch was rolled back with it.
        var metrics = await MetricsAsync(name);
        Assert.Equal(1, metrics.GetProperty("predictions").GetInt64());
        Assert.Equal(0, metrics.GetProperty("validated").GetInt64());
    }

    [Fact]
    public async Task A_validation_with_an_undeclared_class_is_refused()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "cat", "dog");
        await _client.PredictAsync(name, new { id = "x", predicted = "cat", timestamp = Day });

        var problem = await _client.PostAsync($"/api/models/{name}/validations", new { id = "x", actual = "zebra" }, HttpStatusCode.BadRequest);

        Assert.Contains("'zebra' is not one of the classes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_same_id_again_replaces_the_prediction_and_keeps_its_validation()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "cat", "dog");
        await _client.PredictAsync(name, new { id = "retry.jpg", predicted = "cat", confidence = 0.6, timestamp = Day });
        await _client.ValidateAsync(name, new { id = "retry.jpg", actual = "dog", validatedAt = Day.AddDays(1) });

        // A client retrying: the same id, now with the model's final answer; twice in one batch, the last wins.
        var stored = await _client.PredictAsync(name, new object[]
        {
            new { id = "retry.jpg", predicted = "cat", confidence = 0.7, timestamp = Day },
            new { id = "retry.jpg", predicted = "dog", confidence = 0.8, timestamp = Day },
        });
        Assert.Equal(1, stored.GetProperty("ingested").GetInt32());

        var metrics = await MetricsAsync(name);
        Assert.Equal(1, metrics.GetProperty("predictions").GetInt64());
        Assert.Equal(1, metrics.GetProperty("validated").GetInt64());
        Assert.Equal(1.0, metrics.GetProperty("accuracy").GetDouble());
        Assert.Equal(0.8, metrics.GetProperty("estimatedAccuracy").GetDouble(), 12);
    }

    [Fact]
    public async Task Classes_may_be_integers_and_confidence_defaults_to_the_predicted_class_probability()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name, "0", "1");
        // The field names of the tool AI-Logger replaces are accepted too.
        await _client.PostTextAsync($"/api/models/{name}/predictions",
            $$"""[{"filename":"a.png","output_prediction":1,"probabilities":{"0":0.25,"1":0.75},"timestamp":"{{Day:O}}","trained":true,"logged":false}]""",
            HttpStatusCode.Created);
        await _client.ValidateAsync(name, new { id = "a.png", actual = 1 });

        var metrics = await MetricsAsync(name);
        Assert.Equal(0.75, metrics.GetProperty("estimatedAccuracy").GetDouble(), 12);
        var one = metrics.GetProperty("perClass").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "1");
        Assert.Equal(1, one.GetProperty("support").GetInt64());
    }

    [Fact]
    public async Task Scopes_guard_the_routes_read_cannot_write_and_ingest_cannot_read()
    {
        var name = ModelApi.NewName();
        await _client.CreateModelAsync(name);
        using var reader = app.CreateClient(await KeyAsync("read"));
        using var writer = app.CreateClient(await KeyAsync("ingest"));
        using var anonymous = app.CreateClient(null);
        var prediction = new { id = "s", predicted = "cat", timestamp = Day };

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/models/{name}/predictions", prediction)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/models", new { name = ModelApi.NewName() })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await writer.PostAsJsonAsync($"/api/models/{name}/predictions", prediction)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await writer.PostAsJsonAsync("/api/models", new { name = ModelApi.NewName() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync($"/api/models/{name}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/models/{name}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/models")).StatusCode);
    }

    private async Task<string> KeyAsync(string scope)
    {
        var key = await _client.PostAsync("/api/keys", new { name = $"models {scope}", scopes = new[] { scope } }, HttpStatusCode.Created);
        return key.GetProperty("key").GetString()!;
    }

    private async Task<List<string?>> ListedNamesAsync() =>
        (await _client.GetJsonAsync("/api/models")).EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();

    private async Task<JsonElement> MetricsAsync(string name)
    {
        await _client.RecomputeAsync(name);
        return await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-09-01&to=2026-12-01");
    }

    private async Task<long> StoredPredictionsAsync(string name) => (await MetricsAsync(name)).GetProperty("predictions").GetInt64();
}
