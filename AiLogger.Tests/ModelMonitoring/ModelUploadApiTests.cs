using System.IO.Compression;
using System.Net;
using System.Text;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>
/// <c>POST /api/models/{name}/predictions/upload</c> and <c>…/validations/upload</c>: CSV with a header row or JSON Lines,
/// stored whole or not at all, errors named by line.
/// </summary>
public sealed class ModelUploadApiTests(ModelAppFixture app) : IClassFixture<ModelAppFixture>
{
    private readonly HttpClient _client = app.CreateClient(AppFixture.AdminKey);

    [Fact]
    public async Task A_csv_of_predictions_and_a_jsonl_of_validations_are_stored()
    {
        var name = ModelApi.NewName("upload");
        await _client.CreateModelAsync(name, "cat", "dog");
        const string Csv = """
            id,predicted,confidence,timestamp,brightness,camera
            a.jpg,cat,0.9,2026-10-01T10:00:00Z,0.41,front
            "b,1.jpg",dog,0.8,2026-10-01T11:00:00Z,0.52,back
            c.jpg, cat ,0.7,1790000000,,front

            d.jpg,dog,,2026-10-02T09:00:00Z,0.6,back
            """;

        var stored = await _client.UploadAsync($"/api/models/{name}/predictions/upload", "predictions.csv", Csv, HttpStatusCode.Created);
        Assert.Equal(4, stored.GetProperty("ingested").GetInt32());
        Assert.Equal("csv", stored.GetProperty("format").GetString());

        const string Jsonl = """
            {"id":"a.jpg","actual":"cat","validatedAt":"2026-10-03T08:00:00Z"}
            {"id":"b,1.jpg","actual":"cat"}

            {"id":"d.jpg","actual":"dog"}
            """;
        var validated = await _client.UploadAsync($"/api/models/{name}/validations/upload", "checked.jsonl", Jsonl, HttpStatusCode.Created);
        Assert.Equal(3, validated.GetProperty("ingested").GetInt32());
        Assert.Equal("jsonl", validated.GetProperty("format").GetString());

        await _client.RecomputeAsync(name);
        var m = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-09-01&to=2027-01-01");
        Assert.Equal(4, m.GetProperty("predictions").GetInt64());
        Assert.Equal(3, m.GetProperty("validated").GetInt64());
        Assert.Equal(2.0 / 3, m.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal((0.9 + 0.8 + 0.7) / 3, m.GetProperty("estimatedAccuracy").GetDouble(), 12);
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_refused_whole_listing_the_lines()
    {
        var name = ModelApi.NewName("upload");
        await _client.CreateModelAsync(name, "cat", "dog");
        const string Csv = """
            id,predicted,confidence,timestamp
            ok-1,cat,0.9,2026-10-01T10:00:00Z
            bad-conf,dog,1.7,2026-10-01T10:00:00Z
            ok-2,dog,0.6,2026-10-01T10:00:00Z
            bad-time,dog,0.6,not a time
            bad-fields,dog
            """;

        var problem = await _client.UploadAsync($"/api/models/{name}/predictions/upload", "p.csv", Csv, HttpStatusCode.BadRequest);

        Assert.StartsWith("The file was refused and nothing was stored: Line 3:", problem.GetProperty("detail").GetString());
        var errors = ModelApi.Errors(problem);
        Assert.Equal([3, 5, 6], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Contains("'confidence' must lie in [0, 1], not 1.7", errors[0].GetProperty("message").GetString());
        Assert.Equal("bad-conf", errors[0].GetProperty("id").GetString());
        Assert.Contains("'timestamp'", errors[1].GetProperty("message").GetString());
        Assert.Contains("2 fields but the header has 4", errors[2].GetProperty("message").GetString());
        Assert.Equal(3, problem.GetProperty("totalErrors").GetInt32());
        Assert.Equal(0, await PredictionsAsync(name));
    }

    [Fact]
    public async Task Errors_found_against_the_model_are_placed_on_their_lines_too()
    {
        var name = ModelApi.NewName("upload");
        await _client.CreateModelAsync(name, "cat", "dog");
        await _client.UploadAsync($"/api/models/{name}/predictions/upload", "p.jsonl",
            "{\"id\":\"x1\",\"predicted\":\"cat\",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n", HttpStatusCode.Created);

        var classes = await _client.UploadAsync($"/api/models/{name}/predictions/upload", "p.jsonl",
            "{\"id\":\"x2\",\"predicted\":\"cat\"}\n\n{\"id\":\"x3\",\"predicted\":\"cow\"}\n", HttpStatusCode.BadRequest);
        Assert.Equal(3, Assert.Single(ModelApi.Errors(classes)).GetProperty("line").GetInt32());

        var ids = await _client.UploadAsync($"/api/models/{name}/validations/upload", "v.csv",
            "id,actual\nx1,dog\nmissing.jpg,cat\n", HttpStatusCode.BadRequest);
        var error = Assert.Single(ModelApi.Errors(ids));
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("no prediction has id 'missing.jpg'", error.GetProperty("message").GetString());

        await _client.RecomputeAsync(name);
        var m = await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-09-01&to=2027-01-01");
        Assert.Equal(1, m.GetProperty("predictions").GetInt64());
        Assert.Equal(0, m.GetProperty("validated").GetInt64());
    }

    [Theory]
    [InlineData("p.jsonl", "{\"id\":\"a\",\"predicted\":\"cat\"}\n{not json}\n", "Line 2: not valid JSON")]
    [InlineData("p.csv", "id,predicted\n\"a,cat\n", "never closed")]
    [InlineData("p.csv", "id,predicted,,x\na,cat,1,2\n", "column 3 of the header has no name")]
    [InlineData("p.csv", "id,predicted\n", "no rows")]
    [InlineData("p.csv", "id,predicted,features,color\na,cat,{},red\n", "already has a 'features' column")]
    public async Task Unreadable_files_are_refused_with_the_reason(string fileName, string content, string expected)
    {
        var name = ModelApi.NewName("upload");
        await _client.CreateModelAsync(name);

        var problem = await _client.UploadAsync($"/api/models/{name}/predictions/upload", fileName, content, HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_format_is_detected_from_the_content_and_gzip_is_accepted()
    {
        var name = ModelApi.NewName("upload");
        await _client.CreateModelAsync(name);
        var jsonl = "{\"id\":\"g1\",\"predicted\":\"cat\",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n{\"id\":\"g2\",\"predicted\":\"dog\",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n";
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(jsonl));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(compressed.ToArray()), "file", "export.dat" } };

        var stored = await ModelApi.ExpectAsync(await _client.PostAsync($"/api/models/{name}/predictions/upload", form), HttpStatusCode.Created);

        Assert.Equal("jsonl", stored.GetProperty("format").GetString());
        Assert.Equal(2, stored.GetProperty("ingested").GetInt32());
    }

    [Fact]
    public async Task The_file_may_be_sent_as_the_body_with_its_content_type()
    {
        var name = ModelApi.NewName("upload");
        await _client.CreateModelAsync(name);

        using var response = await _client.PostAsync($"/api/models/{name}/predictions/upload",
            new StringContent("id;predicted;confidence\nr1;cat;0.5\nr2;dog;0.25\n", Encoding.UTF8, "text/csv"));

        var stored = await ModelApi.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(2, stored.GetProperty("ingested").GetInt32());
    }

    private async Task<long> PredictionsAsync(string name)
    {
        await _client.RecomputeAsync(name);
        return (await _client.GetJsonAsync($"/api/models/{name}/metrics?from=2026-09-01&to=2027-01-01")).GetProperty("predictions").GetInt64();
    }
}
