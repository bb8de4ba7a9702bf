using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;
using Xunit.Abstractions;

namespace AiLogger.Tests.Imports;

/// <summary>A kill -9 in the middle of a file: after the restart the import resumes at its last commit, no line twice, none lost.</summary>
public sealed class ImportCrashTests(ITestOutputHelper output)
{
    private const string Key = "import-crash-key-0123456789abcdef";
    private const int Lines = 200_000;

    [Fact]
    public async Task A_SIGKILL_mid_file_then_a_restart_imports_every_line_exactly_once()
    {
        using var directory = new TempDirectory();
        // Under imports/ in the data folder (the database's folder): where watched folders may be by default.
        var folder = Path.Combine(directory.Path, "imports", "watched");
        Directory.CreateDirectory(folder);
        var marker = "k" + Guid.NewGuid().ToString("N")[..12];
        await using (var writer = new StreamWriter(Path.Combine(folder, "big.jsonl"), false, new UTF8Encoding(false)))
            for (var n = 1; n <= Lines; n++)
                await writer.WriteAsync($$"""{"timestamp":"2026-11-25T10:00:00Z","component":"crash","message":"{{marker}} line","n":{{n}}}""" + "\n");
        var environment = new Dictionary<string, string>
        {
            ["AiLogger__Imports__Sources__0__Name"] = "crash",
            ["AiLogger__Imports__Sources__0__Path"] = folder,
            ["AiLogger__Imports__Sources__0__Pattern"] = "*.jsonl",
            ["AiLogger__Imports__Sources__0__Format"] = "jsonl",
            ["AiLogger__Imports__LinesPerCommit"] = "1000",
            ["AiLogger__Imports__ScanSchedule"] = "0 0 1 1 *",
        };
        var database = directory.File("crash.db");

        long linesAtKill;
        await using (var server = await ServerProcess.StartAsync(database, Key, environment: environment))
        {
            using var client = Client(server);
            _ = client.PostAsync("/api/imports/scan", null).ContinueWith(_ => { }, TaskScheduler.Default);
            while (true)
            {
                linesAtKill = await LinesReadAsync(client);
                if (linesAtKill > 0) break;
                await Task.Delay(5);
            }
            server.Kill();
        }

        var checkpoint = CommittedLines(database);
        Assert.True(checkpoint < Lines, $"the kill came too late to interrupt the file ({checkpoint} lines committed)");
        Assert.Equal(0, checkpoint % 1000);

        // The restart's start-up scan resumes the file; an explicit scan then finds nothing left.
        await using var restarted = await ServerProcess.StartAsync(database, Key, environment: environment);
        using var reader = Client(restarted);

        using (var scan = await reader.PostAsync("/api/imports/scan", null)) scan.EnsureSuccessStatusCode();

        Assert.Equal(Lines, await LinesReadAsync(reader));
        var seen = new bool[Lines + 1];
        var count = 0;
        await using var export = await reader.GetStreamAsync($"/api/logs/export?format=jsonl&q={marker}");
        using var lines = new StreamReader(export);
        while (await lines.ReadLineAsync() is { } line)
        {
            using var e = JsonDocument.Parse(line);
            var n = e.RootElement.GetProperty("properties").GetProperty("n").GetInt32();
            Assert.False(seen[n], $"line {n} was imported twice");
            seen[n] = true;
            count++;
        }
        Assert.Equal(Lines, count);
        output.WriteLine($"killed with {linesAtKill:N0} lines read ({checkpoint:N0} committed at restart); {count:N0} events after the resume");
    }

    /// <summary>The checkpoint as the killed process left it in the database file.</summary>
    private static long CommittedLines(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(lines_read), 0) FROM imports";
        return (long)command.ExecuteScalar()!;
    }

    private static HttpClient Client(ServerProcess server)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Add("X-API-Key", Key);
        return client;
    }

    private static async Task<long> LinesReadAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/imports");
        return list.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("linesRead").GetInt64()).DefaultIfEmpty(0).Sum();
    }
}
