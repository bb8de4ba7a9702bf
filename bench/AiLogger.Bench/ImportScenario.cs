using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AiLogger.Bench;

/// <summary>
/// A JSON-lines file in the seeds' shape imported end to end: uploaded through <c>POST /api/imports</c> and
/// polled until completed, then the same file in a watched folder read by <c>POST /api/imports/scan</c>.
/// </summary>
public static class ImportScenario
{
    private static readonly string[] Components = ["model_api", "trainer", "data_loader", "feature_store", "gateway", "scheduler"];
    private static readonly string[] Levels = ["INFO", "INFO", "INFO", "DEBUG", "WARNING", "ERROR"];

    public static async Task<int> RunAsync(string[] args)
    {
        var lines = 1_000_000;
        var scanFirst = args.Contains("--scan-first");
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i] == "--lines") lines = int.Parse(args[i + 1], CultureInfo.InvariantCulture);

        var folder = Path.Combine(Path.GetTempPath(), "ailogger-bench", "import-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "model_api.jsonl");
        try
        {
            var bytes = Write(file, lines);
            Console.WriteLine($"import: {lines:N0} JSON lines, {bytes / 1048576.0:F0} MB ({bytes / lines} bytes a line)");
            // Watched folders must lie under AiLogger:Imports:AllowedRoots.
            await using var server = await BenchServer.StartAsync("Normal",
                environment: new Dictionary<string, string> { ["AiLogger__Imports__AllowedRoots__0"] = folder });
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
            var rows = new List<string[]>();

            // Warm-up (not counted), as in the ingest scenario: the table reports a running server, not one still compiling itself.
            var warmup = Path.Combine(folder, "warmup.jsonl");
            Write(warmup, 50_000);
            var warm = Stopwatch.StartNew();
            Check(await UploadAsync(client, server, warmup, () => { }), 50_000);
            Console.WriteLine($"  warm-up: 50,000 lines uploaded and imported in {warm.Elapsed.TotalSeconds:F1} s (not counted)");

            var clock = new Stopwatch();
            async Task UploadPathAsync()
            {
                // From the first byte sent to the import's completion.
                var peak = 0.0;
                var uploaded = TimeSpan.Zero;
                clock.Restart();
                var import = await UploadAsync(client, server, file, () => uploaded = clock.Elapsed, rss => peak = Math.Max(peak, rss));
                var total = clock.Elapsed;
                Check(import, lines);
                rows.Add(Row("upload (POST /api/imports)", lines, bytes, total, $"{uploaded.TotalSeconds:F1} s sending", peak));
            }

            async Task WatchedPathAsync()
            {
                // The same content as a new file in a watched folder, read by a scan.
                var watched = Path.Combine(folder, "watched");
                Directory.CreateDirectory(watched);
                File.Copy(file, Path.Combine(watched, "trainer.jsonl"));
                (await client.PostAsJsonAsync("/api/imports/sources", new { name = "bench", path = watched, pattern = "*.jsonl", format = "jsonl" })).EnsureSuccessStatusCode();
                clock.Restart();
                using (var scan = await client.PostAsync("/api/imports/scan", null))
                {
                    var result = await scan.Content.ReadFromJsonAsync<JsonElement>();
                    if (!scan.IsSuccessStatusCode || result.GetProperty("linesRead").GetInt64() != lines)
                        throw new InvalidOperationException($"scan: {result}");
                }
                rows.Add(Row("watched folder (scan)", lines, bytes, clock.Elapsed, "-", server.Memory().Peak));
            }

            if (scanFirst)
            {
                await WatchedPathAsync();
                await UploadPathAsync();
            }
            else
            {
                await UploadPathAsync();
                await WatchedPathAsync();
            }

            Table.Print(["path", "lines", "MB", "seconds", "lines/s", "MB/s", "notes", "server RSS MB"], rows);
            Console.WriteLine($"  database after both: {server.DatabaseBytes() / 1048576.0:F0} MB");
            return 0;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    // As often as the imports page refreshes; a tighter loop of status reads measurably slows the writer's WAL checkpoints.
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    private static async Task<JsonElement> UploadAsync(HttpClient client, BenchServer server, string file, Action sent, Action<double>? memory = null)
    {
        long id;
        await using (var stream = File.OpenRead(file))
        {
            var content = new MultipartFormDataContent();
            var part = new StreamContent(stream, 1 << 16);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "file", Path.GetFileName(file));
            using var response = await client.PostAsync("/api/imports", content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"upload: HTTP {(int)response.StatusCode} {body}");
            id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
        }
        sent();
        var clock = Stopwatch.StartNew();
        var started = false;
        while (true)
        {
            var import = await client.GetFromJsonAsync<JsonElement>($"/api/imports/{id}");
            if (!started && import.GetProperty("status").GetString() != "queued")
            {
                started = true;
                Console.WriteLine($"  import {id} started {clock.Elapsed.TotalSeconds:F2} s after its upload");
            }
            memory?.Invoke(server.Memory().Current);
            if (import.GetProperty("status").GetString() is "completed" or "failed") return import;
            await Task.Delay(PollEvery);
        }
    }

    private static void Check(JsonElement import, int lines)
    {
        var status = import.GetProperty("status").GetString();
        var events = import.GetProperty("eventsImported").GetInt64();
        if (status != "completed" || events != lines)
            throw new InvalidOperationException($"the import ended {status} with {events:N0} of {lines:N0} events: {import}");
    }

    private static string[] Row(string path, int lines, long bytes, TimeSpan elapsed, string notes, double rss) =>
    [
        path, lines.ToString("N0", CultureInfo.InvariantCulture), (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture),
        elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), (lines / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
        (bytes / 1048576.0 / elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture), notes, rss.ToString("F0", CultureInfo.InvariantCulture),
    ];

    /// <summary>The seeds' <c>logs/ai_logger/&lt;component&gt;.jsonl</c> records: timestamp, component, message, level, details.</summary>
    private static long Write(string path, int lines)
    {
        var start = DateTime.UtcNow.AddDays(-1);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            var random = new Random(42);
            for (var i = 0; i < lines; i++)
            {
                var component = Components[i % Components.Length];
                var level = Levels[random.Next(Levels.Length)];
                var time = start.AddMilliseconds(i * 86.4).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                writer.Write($$$"""{"timestamp": "{{{time}}}", "component": "{{{component}}}", "message": "request {{{i}}} handled by {{{component}}} in {{{random.Next(5, 900)}}} ms", "level": "{{{level}}}", "details": {"request_id": "r{{{i:x8}}}", "model": "resnet50-v{{{i % 4}}}", "latency_ms": {{{random.Next(5, 900)}}}, "batch_size": {{{1 << random.Next(0, 6)}}}}}""");
                writer.Write('\n');
            }
        }
        return new FileInfo(path).Length;
    }
}
