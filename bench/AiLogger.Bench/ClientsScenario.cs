using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AiLogger.Bench;

/// <summary>
/// The clients against a local server: the built <c>ailogger ingest</c> program on a JSON-lines and a Python-logging
/// file (from its start to its exit, every line stored), and the Python package's handler
/// (<c>bench/python/handler_bench.py</c>, Debian's python3).
/// </summary>
public static class ClientsScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var lines = 200_000;
        var records = 200_000;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--lines") lines = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--records") records = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }
        var folder = Path.Combine(Path.GetTempPath(), "ailogger-bench", "clients-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var server = await BenchServer.StartAsync("Normal");
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
            var rows = new List<string[]>();

            // Warm-up (not counted): the server's first requests compile its paths.
            var warmup = Write(Path.Combine(folder, "warmup.jsonl"), 50_000, "warmup", python: false);
            await IngestAsync(server, warmup, []);

            foreach (var python in new[] { false, true })
            {
                var source = python ? "bench-cli-python" : "bench-cli-jsonl";
                var file = Write(Path.Combine(folder, python ? "worker.log" : "app.jsonl"), lines, source, python);
                var clock = Stopwatch.StartNew();
                var output = await IngestAsync(server, file, python ? ["--format", "python"] : []);
                var elapsed = clock.Elapsed;
                var stored = (await client.GetFromJsonAsync<JsonElement>($"/api/logs/aggregate?q=source:{source}")).GetProperty("total").GetInt64();
                if (stored != lines) throw new InvalidOperationException($"{source}: {stored:N0} of {lines:N0} stored; the CLI said {output}");
                rows.Add([python ? "ailogger ingest (python logging)" : "ailogger ingest (JSON lines)", lines.ToString("N0", CultureInfo.InvariantCulture),
                    $"{elapsed.TotalSeconds:F2} s", $"{lines / elapsed.TotalSeconds:N0} lines/s"]);
            }

            var bench = Path.Combine(Repository(), "bench", "python", "handler_bench.py");
            if (File.Exists("/usr/bin/python3"))
            {
                var (code, text) = await RunAsync("/usr/bin/python3", [bench, "--url", server.BaseAddress.ToString(), "--api-key", BenchServer.ApiKey, "--records", records.ToString(CultureInfo.InvariantCulture)]);
                if (code != 0) throw new InvalidOperationException($"handler_bench.py exited {code}: {text}");
                var line = text.Split('\n').First(l => l.Contains("records/s", StringComparison.Ordinal));
                var rate = line[(line.IndexOf('=') + 1)..line.IndexOf("records/s", StringComparison.Ordinal)].Trim();
                var seconds = line[(line.IndexOf(" in ", StringComparison.Ordinal) + 4)..line.IndexOf(" s ", StringComparison.Ordinal)];
                rows.Add(["python ailogger.Handler (1 process)", records.ToString("N0", CultureInfo.InvariantCulture), seconds + " s", rate + " records/s"]);
            }
            else Console.WriteLine("  /usr/bin/python3 not found: the Python handler is not measured");

            Table.Print(["client", "items", "time", "rate"], rows);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Write(string path, int lines, string source, bool python)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < lines; i++)
            if (python) file.Write($"2026-12-01 10:{i / 60000 % 60:00}:{i / 1000 % 60:00},{i % 1000:000} - {source} - INFO - job {i} finished in {i % 977} ms\n");
            else file.Write($"{{\"timestamp\":\"2026-12-01T10:00:00.{i % 1000:000}Z\",\"level\":\"info\",\"component\":\"{source}\",\"message\":\"Request {i} served\",\"details\":{{\"route\":\"/api/items\",\"status_code\":200,\"duration_ms\":{i % 977}}}}}\n");
        return path;
    }

    private static async Task<string> IngestAsync(BenchServer server, string file, string[] extra)
    {
        var cli = Path.Combine(Repository(), "AiLogger.Cli", "bin", Configuration(), "net10.0", "ailogger.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException("Build AiLogger.Cli in the bench's configuration first", cli);
        var (code, text) = await RunAsync("dotnet", [cli, "-s", server.BaseAddress.ToString(), "-a", BenchServer.ApiKey, "ingest", file, .. extra]);
        if (code != 0) throw new InvalidOperationException($"ailogger ingest exited {code}: {text}");
        return text.Trim();
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AiLogger.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("AiLogger.sln not found above " + AppContext.BaseDirectory);
    }
}
