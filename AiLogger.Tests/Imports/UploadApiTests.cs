using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Imports;

/// <summary><c>POST /api/imports</c>: an id at once, progress to completion, and clear 400s for what cannot be read.</summary>
public sealed class UploadApiTests(ImportAppFixture app) : IClassFixture<ImportAppFixture>
{
    private readonly HttpClient _admin = app.CreateClient(AppFixture.AdminKey);

    [Fact]
    public async Task Upload_returns_an_id_at_once_and_reports_progress_until_every_line_is_in()
    {
        var marker = "u" + Guid.NewGuid().ToString("N")[..12];
        var content = new StringBuilder();
        for (var n = 1; n <= 2_000; n++)
            content.Append($$$"""{"timestamp":"2026-11-25T10:00:00Z","component":"batch","message":"row {{{n}}} {{{marker}}}","level":"info","details":{"n":{{{n}}}}}""").Append('\n');
        content.Append("not json at all\n");

        using var response = await _admin.PostAsync("/api/imports", Upload("batch.jsonl", content.ToString()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal($"/api/imports/{id}", response.Headers.Location?.ToString());
        var import = await WaitForEndAsync(id);
        Assert.Equal("completed", import.GetProperty("status").GetString());
        Assert.Equal(2_001, import.GetProperty("linesRead").GetInt64());
        Assert.Equal(2_000, import.GetProperty("eventsImported").GetInt64());
        Assert.Equal(1, import.GetProperty("linesRejected").GetInt64());
        Assert.Equal(1.0, import.GetProperty("progress").GetDouble());
        var rejected = Assert.Single(import.GetProperty("errors").EnumerateArray());
        Assert.Equal(2_001, rejected.GetProperty("lineNumber").GetInt64());
        var numbers = (await _admin.SearchAllAsync(marker)).Select(e => e.GetProperty("properties").GetProperty("n").GetInt32()).Order();
        Assert.Equal(Enumerable.Range(1, 2_000), numbers);
        Assert.DoesNotContain(Directory.GetFiles(app.Folder("uploads")), f => f.EndsWith($"{id}.upload"));
    }

    [Fact]
    public async Task Settings_sent_as_form_fields_are_applied()
    {
        var marker = "u" + Guid.NewGuid().ToString("N")[..12];
        var form = Upload("gateway.txt", $"2026-11-25 09:30:00 WARN timeout {marker}\n");
        form.Add(new StringContent("text"), "format");
        form.Add(new StringContent(@"^(?<timestamp>\S+ \S+) (?<level>\w+) (?<message>.*)$"), "regex");
        form.Add(new StringContent("gateway"), "source");
        form.Add(new StringContent("America/New_York"), "timeZone");

        using var response = await _admin.PostAsync("/api/imports", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForEndAsync((await response.ReadJsonAsync()).GetProperty("id").GetInt64());

        var e = Assert.Single(await _admin.SearchAllAsync(marker));
        Assert.Equal("gateway", e.GetProperty("source").GetString());
        Assert.Equal("Warning", e.GetProperty("level").GetString());
        // 09:30 in New York in November (UTC-5).
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 30, 0, TimeSpan.Zero), e.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_gzipped_upload_is_read_through_and_its_progress_counts_compressed_bytes()
    {
        var marker = "g" + Guid.NewGuid().ToString("N")[..12];
        var text = new StringBuilder();
        for (var n = 1; n <= 500; n++) text.Append($"2026-11-25 10:00:00,000 - gz.worker - INFO - gz line {n} {marker}\n");
        using var compressed = new MemoryStream();
        await using (var gz = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            await gz.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
        var file = new ByteArrayContent(compressed.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");

        using var response = await _admin.PostAsync("/api/imports", new MultipartFormDataContent { { file, "file", "worker.log.gz" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var import = await WaitForEndAsync((await response.ReadJsonAsync()).GetProperty("id").GetInt64());

        Assert.Equal("python", import.GetProperty("format").GetString());
        Assert.Equal(500, import.GetProperty("eventsImported").GetInt64());
        Assert.Equal(compressed.Length, import.GetProperty("totalBytes").GetInt64());
        Assert.Equal(compressed.Length, import.GetProperty("bytesRead").GetInt64());
        Assert.Equal(Encoding.UTF8.GetByteCount(text.ToString()), import.GetProperty("offset").GetInt64());
        Assert.Equal(500, (await _admin.SearchAllAsync(marker)).Count);
    }

    [Theory]
    [InlineData("yaml", null, null, "format", "'yaml' is not a format")]
    [InlineData("text", null, null, "regex", "named group 'message'")]
    [InlineData("text", "(?<message>.*", null, "regex", "invalid")]
    [InlineData("jsonl", null, "Mars/Olympus", "timeZone", "not a known time zone")]
    [InlineData("auto", null, null, "format", "could not be detected")]
    public async Task Settings_that_cannot_be_used_are_refused_with_400_naming_the_field(string format, string? regex, string? zone, string field, string message)
    {
        var form = Upload("notes.txt", "just some words\nand more\n");
        form.Add(new StringContent(format), "format");
        if (regex is not null) form.Add(new StringContent(regex), "regex");
        if (zone is not null) form.Add(new StringContent(zone), "timeZone");
        var before = await ListCountAsync();

        using var response = await _admin.PostAsync("/api/imports", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(before, await ListCountAsync());
    }

    [Fact]
    public async Task A_request_without_a_file_or_with_an_empty_one_is_refused_with_a_message()
    {
        using var json = await _admin.PostAsync("/api/imports", JsonContent.Create(new { file = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("multipart/form-data", await json.ErrorMessageAsync());

        var noFile = new MultipartFormDataContent { { new StringContent("jsonl"), "format" } };
        using var missing = await _admin.PostAsync("/api/imports", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("no file", await missing.ErrorMessageAsync());

        using var empty = await _admin.PostAsync("/api/imports", Upload("empty.jsonl", ""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("empty", (await empty.ReadJsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task Imports_are_for_admins_only()
    {
        using var reader = app.CreateClient(null);
        using var anonymous = await reader.GetAsync("/api/imports");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var created = await _admin.PostAsJsonAsync("/api/keys", new { name = "reader", scopes = new[] { "read", "ingest" } });
        var key = (await created.ReadJsonAsync()).GetProperty("key").GetString();
        using var readOnly = app.CreateClient(key);
        using var upload = await readOnly.PostAsync("/api/imports", Upload("a.jsonl", "{\"message\":\"x\"}\n"));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using var scan = await readOnly.PostAsync("/api/imports/scan", null);
        Assert.Equal(HttpStatusCode.Forbidden, scan.StatusCode);
    }

    [Fact]
    public async Task A_source_added_through_the_api_is_validated_watched_and_removable()
    {
        using var relative = await _admin.PostAsJsonAsync("/api/imports/sources", new { name = "rel", path = "logs/app", pattern = "*.log" });
        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Contains("not an absolute path", (await relative.ReadJsonAsync()).GetProperty("errors").GetProperty("path")[0].GetString());

        using var duplicate = await _admin.PostAsJsonAsync("/api/imports/sources", new { name = "python", path = app.Folder("x"), pattern = "*.log" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("exists already", (await duplicate.ReadJsonAsync()).GetProperty("errors").GetProperty("name")[0].GetString());

        var folder = app.Folder("added-" + Guid.NewGuid().ToString("N")[..6]);
        var marker = "s" + Guid.NewGuid().ToString("N")[..12];
        await File.WriteAllTextAsync(Path.Combine(folder, "x.ndjson"), $$"""{"message":"added source {{marker}}"}""" + "\n");
        using var added = await _admin.PostAsJsonAsync("/api/imports/sources", new { name = Path.GetFileName(folder), path = folder, pattern = "*.ndjson", format = "jsonl" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var key = (await added.ReadJsonAsync()).GetProperty("key").GetString()!;

        using var scan = await _admin.PostAsync("/api/imports/scan", null);
        Assert.Single(await _admin.SearchAllAsync(marker));

        using var removed = await _admin.DeleteAsync($"/api/imports/sources/{Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var configured = await _admin.DeleteAsync("/api/imports/sources/config:python");
        Assert.Equal(HttpStatusCode.NotFound, configured.StatusCode);
    }

    private async Task<JsonElement> WaitForEndAsync(long id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var import = await _admin.GetFromJsonAsync<JsonElement>($"/api/imports/{id}");
            var status = import.GetProperty("status").GetString();
            if (status is "completed" or "failed") return import;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"import {id} is still {status} after 30 s");
            await Task.Delay(50);
        }
    }

    private async Task<int> ListCountAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>("/api/imports")).GetProperty("imports").GetArrayLength();

    private static MultipartFormDataContent Upload(string fileName, string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
