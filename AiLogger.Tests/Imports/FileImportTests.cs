using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;

namespace AiLogger.Tests.Imports;

/// <summary>Watched folders on real files: every format, appends, rotation, truncation, gzip and bad lines — each line once.</summary>
public sealed class FileImportTests(ImportAppFixture app) : IClassFixture<ImportAppFixture>
{
    private readonly HttpClient _admin = app.CreateClient(AppFixture.AdminKey);

    [Fact]
    public async Task Seed_jsonl_records_keep_component_as_source_details_as_properties_and_read_naive_times_in_the_source_zone()
    {
        var marker = Marker();
        await File.WriteAllTextAsync(Path.Combine(app.Folder("seeds"), "model_api.jsonl"),
            $$$"""
            {"timestamp": "2026-07-01T12:00:00", "component": "model_api", "message": "prediction served {{{marker}}}", "level": "INFO", "details": {"model": "resnet", "latency_ms": 42}}
            {"timestamp": "2026-07-01T12:00:01+00:00", "component": "model_api", "message": "slow request {{{marker}}}", "level": "WARNING", "details": {}, "extra": true}
            {"@t": "2026-07-01T12:00:02Z", "@mt": "CLEF line {Who} {{{marker}}}", "Who": "serilog", "@l": "Error"}

            """);

        var scan = await ScanAsync();

        Assert.Empty(scan.GetProperty("problems").EnumerateArray());
        var events = await EventsAsync(marker);
        Assert.Equal(3, events.Count);
        var served = events.Single(e => e.GetProperty("message").GetString()!.StartsWith("prediction served"));
        Assert.Equal("model_api", served.GetProperty("source").GetString());
        Assert.Equal("Information", served.GetProperty("level").GetString());
        Assert.Equal("resnet", served.GetProperty("properties").GetProperty("model").GetString());
        Assert.Equal(42, served.GetProperty("properties").GetProperty("latency_ms").GetInt32());
        // 12:00 in Paris in July (UTC+2) is 10:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero), served.GetProperty("timestamp").GetDateTimeOffset());
        var slow = events.Single(e => e.GetProperty("message").GetString()!.StartsWith("slow request"));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 12, 0, 1, TimeSpan.Zero), slow.GetProperty("timestamp").GetDateTimeOffset());
        Assert.True(slow.GetProperty("properties").GetProperty("extra").GetBoolean());
        var clef = events.Single(e => e.GetProperty("message").GetString()!.StartsWith("CLEF line"));
        // Serilog renders string values in quotes.
        Assert.Equal($"CLEF line \"serilog\" {marker}", clef.GetProperty("message").GetString());
        Assert.Equal("Error", clef.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Clef_file_is_read_with_templates_rendered_and_lines_without_a_timestamp_rejected()
    {
        var marker = Marker();
        await File.WriteAllTextAsync(Path.Combine(app.Folder("clef"), "service.clef"),
            $$"""
            {"@t":"2026-11-25T09:00:00.123Z","@mt":"User {UserId} signed in {{marker}}","UserId":7,"Application":"shop"}
            {"@mt":"no timestamp {{marker}}"}
            {"@t":"2026-11-25T09:00:01Z","@m":"plain {{marker}}","@x":"System.Exception: boom"}

            """);

        await ScanAsync();

        var events = await EventsAsync(marker);
        Assert.Equal(2, events.Count);
        Assert.Contains(events, e => e.GetProperty("message").GetString() == $"User 7 signed in {marker}" && e.GetProperty("source").GetString() == "shop");
        Assert.Contains(events, e => e.GetProperty("exception").GetString() == "System.Exception: boom");
        var import = await ImportOfAsync("service.clef");
        Assert.Equal(3, import.GetProperty("linesRead").GetInt64());
        Assert.Equal(1, import.GetProperty("linesRejected").GetInt64());
        var rejected = Assert.Single(import.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("lineNumber").GetInt64());
        Assert.Contains("@t", rejected.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Python_log_lines_become_events_with_tracebacks_folded_into_the_event_before()
    {
        var marker = Marker();
        await File.WriteAllTextAsync(Path.Combine(app.Folder("python"), "worker.log"),
            $"""
            2026-11-25 10:00:00,123 - app.worker - INFO - started {marker}
            2026-11-25 10:00:01,500 - app.worker - ERROR - failed to load {marker}
            Traceback (most recent call last):
              File "worker.py", line 10, in <module>
                load()
            ValueError: boom
            2026-11-25 10:00:02,000 - app.db - WARNING - slow query {marker}

            """);

        await ScanAsync();

        var events = await EventsAsync(marker);
        Assert.Equal(3, events.Count);
        var failed = events.Single(e => e.GetProperty("message").GetString() == $"failed to load {marker}");
        Assert.Equal("Error", failed.GetProperty("level").GetString());
        Assert.Equal("app.worker", failed.GetProperty("source").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 1, 500, TimeSpan.Zero), failed.GetProperty("timestamp").GetDateTimeOffset());
        var exception = failed.GetProperty("exception").GetString()!;
        Assert.StartsWith("Traceback (most recent call last):", exception);
        Assert.EndsWith("ValueError: boom", exception);
        Assert.Contains("    load()", exception);
        Assert.Equal("Warning", events.Single(e => e.GetProperty("source").GetString() == "app.db").GetProperty("level").GetString());
        var import = await ImportOfAsync("worker.log");
        Assert.Equal(7, import.GetProperty("linesRead").GetInt64());
        Assert.Equal(0, import.GetProperty("linesRejected").GetInt64());
    }

    [Fact]
    public async Task Text_format_reads_the_named_groups_and_rejects_lines_that_do_not_match_with_their_numbers()
    {
        var marker = Marker();
        await File.WriteAllTextAsync(Path.Combine(app.Folder("text"), "gateway.txt"),
            $"""
            2026-11-25T08:00:00Z [error] gateway.proxy: upstream timed out {marker}
                at Proxy.Send()
            garbage line {marker}
            2026-11-25T08:00:05Z [info] gateway.proxy: recovered {marker}
            2026-11-25T08:00:06Z [loud] gateway.proxy: unknown level {marker}

            """);

        await ScanAsync();

        var events = await EventsAsync(marker);
        Assert.Equal(2, events.Count);
        var timedOut = events.Single(e => e.GetProperty("level").GetString() == "Error");
        Assert.Equal("gateway.proxy", timedOut.GetProperty("source").GetString());
        Assert.Equal($"upstream timed out {marker}", timedOut.GetProperty("message").GetString());
        Assert.Equal("    at Proxy.Send()", timedOut.GetProperty("exception").GetString());
        var import = await ImportOfAsync("gateway.txt");
        Assert.Equal(2, import.GetProperty("linesRejected").GetInt64());
        var rejected = import.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3L, 5L], rejected.Select(r => r.GetProperty("lineNumber").GetInt64()));
        Assert.Equal($"garbage line {marker}", rejected[0].GetProperty("excerpt").GetString());
        Assert.Contains("'loud' is not a level", rejected[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Auto_detects_json_and_python_files_and_reads_gzip()
    {
        var marker = Marker();
        var folder = app.Folder("auto");
        await File.WriteAllTextAsync(Path.Combine(folder, "a.out"), $$"""{"message":"json auto {{marker}}","level":"debug"}""" + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.out"), $"2026-11-25 10:00:00,000 - auto.py - INFO - python auto {marker}\n");
        await using (var gz = new GZipStream(File.Create(Path.Combine(folder, "c.out.gz")), CompressionLevel.Fastest))
            await gz.WriteAsync(Encoding.UTF8.GetBytes($$"""{"message":"gzip auto {{marker}}"}""" + "\n" + $$"""{"message":"gzip last line without newline {{marker}}"}"""));
        await File.WriteAllTextAsync(Path.Combine(folder, "d.out"), "this is not a log format\n");

        var scan = await ScanAsync();

        var messages = (await EventsAsync(marker)).Select(e => e.GetProperty("message").GetString()).Order().ToList();
        Assert.Equal([$"gzip auto {marker}", $"gzip last line without newline {marker}", $"json auto {marker}", $"python auto {marker}"], messages);
        Assert.Contains(scan.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("d.out") && p.GetString()!.Contains("could not be detected"));
        Assert.Equal("python", (await ImportOfAsync("b.out")).GetProperty("format").GetString());
        Assert.Equal("completed", (await ImportOfAsync("c.out.gz")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_appended_partial_line_waits_for_its_newline_and_nothing_is_read_twice()
    {
        var marker = Marker();
        var path = Path.Combine(app.Folder("partial"), $"{marker}.jsonl");
        await File.WriteAllTextAsync(path, Line(marker, 1) + Line(marker, 2) + """{"message":"line 3 """);

        await ScanAsync();
        Assert.Equal([1, 2], await NumbersAsync(marker));

        await File.AppendAllTextAsync(path, $$"""{{marker}}", "n": 3}""" + "\n" + Line(marker, 4));
        await ScanAsync();
        await ScanAsync();

        Assert.Equal([1, 2, 3, 4], await NumbersAsync(marker));
        var import = await ImportOfAsync($"{marker}.jsonl");
        Assert.Equal(new FileInfo(path).Length, import.GetProperty("offset").GetInt64());
        Assert.Equal(4, import.GetProperty("linesRead").GetInt64());
        Assert.Equal("watching", import.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rotation_reads_the_tail_left_in_the_renamed_file_and_the_new_file_once_even_when_gzipped()
    {
        var marker = Marker();
        var folder = app.Folder("rotation");
        var path = Path.Combine(folder, "app.log");
        await File.WriteAllTextAsync(path, Line(marker, 1) + Line(marker, 2));
        await ScanAsync();

        // Written after the scan, then rotated away: app.log → app.log.1, a new app.log.
        await File.AppendAllTextAsync(path, Line(marker, 3));
        File.Move(path, path + ".1");
        await File.WriteAllTextAsync(path, Line(marker, 4));
        await ScanAsync();
        Assert.Equal([1, 2, 3, 4], await NumbersAsync(marker));

        // The next rotation compresses the old file: app.log → app.log.1.gz.
        await File.AppendAllTextAsync(path, Line(marker, 5));
        await using (var source = File.OpenRead(path))
        await using (var gz = new GZipStream(File.Create(path + ".2.gz"), CompressionLevel.Fastest))
            await source.CopyToAsync(gz);
        File.Delete(path);
        await File.WriteAllTextAsync(path, Line(marker, 6));
        await ScanAsync();
        await ScanAsync();

        Assert.Equal([1, 2, 3, 4, 5, 6], await NumbersAsync(marker));
    }

    [Fact]
    public async Task Truncation_is_detected_and_the_new_content_read_from_the_start()
    {
        var marker = Marker();
        var path = Path.Combine(app.Folder("partial"), $"{marker}.jsonl");
        await File.WriteAllTextAsync(path, Line(marker, 1) + Line(marker, 2) + Line(marker, 3));
        await ScanAsync();

        await File.WriteAllTextAsync(path, string.Empty);
        await ScanAsync();
        await File.WriteAllTextAsync(path, Line(marker, 4) + Line(marker, 5));
        await ScanAsync();

        Assert.Equal([1, 2, 3, 4, 5], await NumbersAsync(marker));
    }

    [Fact]
    public async Task Truncated_in_place_with_the_same_start_the_file_is_read_again_from_the_start()
    {
        var marker = Marker();
        var path = Path.Combine(app.Folder("partial"), $"{marker}.jsonl");
        var first = Line(marker, 1);
        await File.WriteAllTextAsync(path, first + Line(marker, 2) + Line(marker, 3));
        await ScanAsync();

        // Cut back to its first line, then written on: the offset (three lines) is past the end.
        await File.WriteAllTextAsync(path, first);
        await File.AppendAllTextAsync(path, Line(marker, 7));
        await ScanAsync();

        var numbers = await NumbersAsync(marker);
        Assert.Equal([1, 1, 2, 3, 7], numbers);
    }

    [Fact]
    public async Task Bad_lines_are_counted_and_kept_with_number_reason_and_first_500_bytes_while_the_rest_goes_in()
    {
        var marker = Marker();
        var longGarbage = new string('x', 2_000);
        await File.WriteAllTextAsync(Path.Combine(app.Folder("bad"), $"{marker}.jsonl"),
            Line(marker, 1)
            + "{not json\n"
            + Line(marker, 3)
            + "[1, 2]\n"
            + """{"level": "info"}""" + "\n"
            + longGarbage + "\n"
            + Line(marker, 7));

        await ScanAsync();

        Assert.Equal([1, 3, 7], await NumbersAsync(marker));
        var import = await ImportOfAsync($"{marker}.jsonl");
        Assert.Equal(7, import.GetProperty("linesRead").GetInt64());
        Assert.Equal(3, import.GetProperty("eventsImported").GetInt64());
        Assert.Equal(4, import.GetProperty("linesRejected").GetInt64());
        var rejected = import.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([2L, 4L, 5L, 6L], rejected.Select(r => r.GetProperty("lineNumber").GetInt64()));
        Assert.Contains("invalid JSON", rejected[0].GetProperty("reason").GetString());
        Assert.Contains("expected a JSON object", rejected[1].GetProperty("reason").GetString());
        Assert.Contains("'message' is required", rejected[2].GetProperty("reason").GetString());
        Assert.Equal(500, rejected[3].GetProperty("excerpt").GetString()!.Length);
    }

    [Fact]
    public async Task Watched_files_and_sources_are_listed_with_their_offsets()
    {
        var marker = Marker();
        var path = Path.Combine(app.Folder("partial"), $"{marker}.jsonl");
        await File.WriteAllTextAsync(path, Line(marker, 1));
        await ScanAsync();

        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/imports");

        var file = list.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == path);
        Assert.Equal(new FileInfo(path).Length, file.GetProperty("offset").GetInt64());
        Assert.Equal("partial", file.GetProperty("source").GetString());
        Assert.Contains(list.GetProperty("sources").EnumerateArray(), s => s.GetProperty("name").GetString() == "python" && s.GetProperty("format").GetString() == "python");
    }

    private async Task<JsonElement> ScanAsync()
    {
        using var response = await _admin.PostAsync("/api/imports/scan", null);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private async Task<JsonElement> ImportOfAsync(string fileName)
    {
        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/imports");
        var id = list.GetProperty("files").EnumerateArray()
            .Where(f => Path.GetFileName(f.GetProperty("name").GetString()) == fileName)
            .Select(f => f.GetProperty("id").GetInt64()).Max();
        return await _admin.GetFromJsonAsync<JsonElement>($"/api/imports/{id}");
    }

    private Task<List<JsonElement>> EventsAsync(string marker) => _admin.SearchAllAsync(marker);

    private async Task<List<int>> NumbersAsync(string marker) =>
        (await EventsAsync(marker)).Select(e => e.GetProperty("properties").GetProperty("n").GetInt32()).Order().ToList();

    private static string Line(string marker, int n) => $$"""{"timestamp":"2026-11-25T10:00:{{n % 60:00}}Z","message":"line {{n}} {{marker}}","n":{{n}}}""" + "\n";

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];
}
