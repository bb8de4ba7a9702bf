using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.ModelMonitoring;

namespace AiLogger.Tests.TestRuns;

/// <summary>Pushing runs over HTTP as CI does, and JUnit reports built from a compact description.</summary>
public static class TestRunApi
{
    public static string NewProject(string prefix = "svc") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>
    /// A JUnit report: each case "Class.name=outcome[:message]", outcome one of pass, fail, error, skip, flaky
    /// (failed, then passed on a rerun).
    /// </summary>
    public static string JUnit(params string[] cases)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"suite\">\n");
        foreach (var spec in cases)
        {
            var (id, rest) = (spec[..spec.IndexOf('=')], spec[(spec.IndexOf('=') + 1)..]);
            var outcome = rest.Split(':', 2)[0];
            var message = SecurityElement.Escape(rest.Contains(':') ? rest.Split(':', 2)[1] : "boom");
            var dot = id.LastIndexOf('.');
            xml.Append($"  <testcase classname=\"{id[..dot]}\" name=\"{id[(dot + 1)..]}\" time=\"0.25\"");
            xml.Append(outcome switch
            {
                "pass" => "/>\n",
                "fail" => $"><failure message=\"{message}\" type=\"AssertionError\">  at Shop.Db.Open() in /src/Db.cs:line 40\n   at {id}() in /src/Tests.cs:line 10</failure></testcase>\n",
                "error" => $"><error message=\"{message}\" type=\"IOException\">  at Shop.Db.Open() in /src/Db.cs:line 40\n   at {id}() in /src/Tests.cs:line 10</error></testcase>\n",
                "skip" => "><skipped message=\"later\"/></testcase>\n",
                "flaky" => $"><flakyFailure message=\"{message}\" type=\"AssertionError\"/></testcase>\n",
                _ => throw new ArgumentException(spec),
            });
        }
        return xml.Append("</testsuite>\n</testsuites>\n").ToString();
    }

    public static async Task<HttpResponseMessage> PushRawAsync(this HttpClient client, string query, string body, string contentType = "application/xml") =>
        await client.PostAsync($"/api/tests/runs?{query}", new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonElement> PushAsync(this HttpClient client, string project, string report, string? branch = "main", string? commit = null,
        string? buildId = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var query = $"project={Uri.EscapeDataString(project)}";
        if (branch is not null) query += $"&branch={Uri.EscapeDataString(branch)}";
        if (commit is not null) query += $"&commit={commit}";
        if (buildId is not null) query += $"&buildId={buildId}";
        return await ModelApi.ExpectAsync(await client.PushRawAsync(query, report), expected);
    }

    public static async Task<JsonElement> PushFilesAsync(this HttpClient client, IReadOnlyDictionary<string, string> fields, params (string Part, string Path)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (part, path) in files)
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            form.Add(content, part, Path.GetFileName(path));
        }
        return await ModelApi.ExpectAsync(await client.PostAsync("/api/tests/runs", form), HttpStatusCode.Created);
    }

    public static Task<JsonElement> RunAsync(this HttpClient client, long runId) => client.GetJsonAsync($"/api/tests/runs/{runId}");

    public static long CaseId(JsonElement run, string name) =>
        run.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("caseId").GetInt64();

    public static List<string> Names(JsonElement run, string list) =>
        run.GetProperty(list).EnumerateArray().Select(id => run.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("caseId").GetInt64() == id.GetInt64()).GetProperty("name").GetString()!).Order().ToList();
}
