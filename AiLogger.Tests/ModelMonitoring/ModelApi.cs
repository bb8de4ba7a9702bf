using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>Calls of the model API the tests share; each asserts the status it expects and returns the JSON answer.</summary>
internal static class ModelApi
{
    public static string NewName(string prefix = "model") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<JsonElement> CreateModelAsync(this HttpClient client, string name, params string[] classes)
    {
        using var response = await client.PostAsJsonAsync("/api/models", new { name, version = "1.0", classes = classes.Length == 0 ? null : classes });
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static async Task<JsonElement> PostAsync(this HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        return await ExpectAsync(response, expected);
    }

    public static async Task<JsonElement> PostTextAsync(this HttpClient client, string path, string json, HttpStatusCode expected)
    {
        using var response = await client.PostJsonTextAsync(path, json);
        return await ExpectAsync(response, expected);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        return await ExpectAsync(response, expected);
    }

    public static Task<JsonElement> PredictAsync(this HttpClient client, string model, object predictions) =>
        client.PostAsync($"/api/models/{model}/predictions", predictions, HttpStatusCode.Created);

    public static Task<JsonElement> ValidateAsync(this HttpClient client, string model, object validations) =>
        client.PostAsync($"/api/models/{model}/validations", validations, HttpStatusCode.Created);

    /// <summary>Runs the metrics and drift jobs of the model now (<c>?wait=true</c>).</summary>
    public static async Task<JsonElement> RecomputeAsync(this HttpClient client, string model)
    {
        using var response = await client.PostAsync($"/api/models/{model}/recompute?wait=true", null);
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonElement> UploadAsync(this HttpClient client, string path, string fileName, string content, HttpStatusCode expected)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new("application/octet-stream");
        form.Add(file, "file", fileName);
        using var response = await client.PostAsync(path, form);
        return await ExpectAsync(response, expected);
    }

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        if (string.IsNullOrWhiteSpace(body)) return default;
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The error messages of a 400 from the ingest routes (<c>errors[].message</c> prefixed by their position).</summary>
    public static IReadOnlyList<JsonElement> Errors(JsonElement problem) => problem.GetProperty("errors").EnumerateArray().ToList();
}
