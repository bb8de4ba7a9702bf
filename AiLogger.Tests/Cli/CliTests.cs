using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiLogger.Tests.Support;
using AiLogger.Tests.TestRuns;

namespace AiLogger.Tests.Cli;

/// <summary>The <c>ailogger</c> CLI against the real app on loopback.</summary>
public sealed class CliTests(AppFixture app) : IClassFixture<AppFixture>, IDisposable
{
    private readonly Cli _cli = new(app.BaseAddress, AppFixture.AdminKey);
    private readonly TempDirectory _files = new();

    private async Task<long> CountAsync(string query)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        var answer = await client.GetFromJsonAsync<JsonElement>("/api/logs/aggregate?q=" + Uri.EscapeDataString(query));
        return answer.GetProperty("total").GetInt64();
    }

    [Fact]
    public async Task An_event_sent_with_log_is_found_by_search_with_its_level_source_and_typed_properties()
    {
        var run = await _cli.RunAsync("log", "Order placed by cli", "-l", "warning", "-p", "OrderId=42", "-p", "Customer=alice", "--source", "cli-log");
        Assert.True(run.ExitCode == 0, run.ToString());

        var found = await _cli.RunAsync("search", "source:cli-log OrderId>41", "--json");
        Assert.True(found.ExitCode == 0, found.ToString());
        var e = JsonDocument.Parse(Assert.Single(found.OutLines)).RootElement;
        Assert.Equal("Order placed by cli", e.GetProperty("message").GetString());
        Assert.Equal("Warning", e.GetProperty("level").GetString());
        Assert.Equal(42, e.GetProperty("properties").GetProperty("OrderId").GetInt32());
        Assert.Equal("alice", e.GetProperty("properties").GetProperty("Customer").GetString());

        var table = await _cli.RunAsync("search", "source:cli-log");
        Assert.Contains("Order placed by cli", table.Out);
        Assert.Contains("WRN", table.Out);
    }

    [Fact]
    public async Task Ingest_stores_every_line_of_a_100k_line_file_with_a_progress_bar()
    {
        var path = _files.File("big.jsonl");
        await using (var file = new StreamWriter(path))
            for (var i = 0; i < 100_000; i++)
                await file.WriteAsync($"{{\"timestamp\":\"2026-12-01T10:00:00Z\",\"level\":\"information\",\"message\":\"row {i}\",\"component\":\"cli-big\",\"details\":{{\"n\":{i}}}}}\n");

        var run = await _cli.RunAsync(["ingest", path, "-p", "Batch=nightly", "--batch-size", "7000"], input: null, interactive: true);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("big.jsonl", run.Error);
        Assert.Contains("100%", run.Error);
        Assert.Contains("Read 100,000 lines, stored 100,000 events, 0 lines rejected", run.Error);
        Assert.Equal(100_000, await CountAsync("source:cli-big"));
        Assert.Equal(100_000, await CountAsync("source:cli-big Batch:nightly"));
        Assert.Equal(1, await CountAsync("source:cli-big n=99999"));
    }

    [Fact]
    public async Task Ingest_folds_python_tracebacks_that_cross_a_batch_boundary()
    {
        var path = _files.File("worker.log");
        var lines = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            lines.Append($"2026-12-01 10:00:{i:00},000 - cli-python - ERROR - job {i} failed\n");
            lines.Append("Traceback (most recent call last):\n  File \"job.py\", line 3, in run\nValueError: job ").Append(i).Append('\n');
        }
        await File.WriteAllTextAsync(path, lines.ToString());

        // Four lines per event and batches of three: every event's lines are cut apart.
        var run = await _cli.RunAsync("ingest", path, "--format", "python", "--batch-size", "3");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Read 200 lines, stored 50 events, 0 lines rejected", run.Error);
        var found = await _cli.RunAsync("search", "source:cli-python \"job 17 failed\"", "--json");
        var e = JsonDocument.Parse(Assert.Single(found.OutLines)).RootElement;
        Assert.Contains("ValueError: job 17", e.GetProperty("exception").GetString());
        Assert.Equal(50, await CountAsync("source:cli-python"));
    }

    [Fact]
    public async Task Ingest_reads_standard_input_and_text_with_a_pattern()
    {
        var input = new MemoryStream("WARN 12:00:01 disk almost full\nINFO 12:00:02 backup done\n"u8.ToArray());
        var run = await _cli.RunAsync(["ingest", "--pattern", @"^(?<level>\w+) (?<clock>\S+) (?<message>.*)$", "--source", "cli-stdin"], input);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, await CountAsync("source:cli-stdin"));
        Assert.Equal(1, await CountAsync("source:cli-stdin level:warning \"disk almost full\""));
    }

    [Fact]
    public async Task Ingest_fails_on_a_bad_line_naming_it_and_stores_the_rest_with_skip()
    {
        var path = _files.File("bad.jsonl");
        await File.WriteAllTextAsync(path, "{\"message\":\"first\",\"component\":\"cli-bad\"}\nnot json\n{\"message\":\"third\",\"component\":\"cli-bad\"}\n");

        var failed = await _cli.RunAsync("ingest", path);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("bad.jsonl: Nothing was stored: line 2", failed.Error);
        Assert.Contains("--invalid-data skip", failed.Error);
        Assert.DoesNotContain("   at ", failed.Error);
        Assert.Equal(0, await CountAsync("source:cli-bad"));

        var skipped = await _cli.RunAsync("ingest", path, "--invalid-data", "skip");
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("bad.jsonl:2: skipped", skipped.Error);
        Assert.Equal(2, await CountAsync("source:cli-bad"));
    }

    [Fact]
    public async Task Count_by_source_prints_a_table_and_csv()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(0, (await _cli.RunAsync("log", $"count me {i}", "--source", "cli-count-a")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("log", "count me", "--source", "cli-count-b")).ExitCode);

        var csv = await _cli.RunAsync("count", "source:cli-count-*", "--by", "source", "--csv");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Equal(["source,count", "cli-count-a,3", "cli-count-b,1"], csv.OutLines);

        var table = await _cli.RunAsync("count", "source:cli-count-a", "--interval", "1h", "--from", "3h");
        Assert.Contains("│", table.Out);
        Assert.Contains("3", table.Out);
    }

    [Fact]
    public async Task Tests_push_of_a_real_trx_reports_the_run_and_fail_on_new_failures_exits_1()
    {
        var reports = await RealReports.DotnetAsync();
        var push = await _cli.RunAsync("tests", "push", reports.Trx, "--project", "cli-trx", "--branch", "main", "--commit", "abc123");
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Matches(@"Run \d+: \d+ tests", push.Out);
        Assert.Contains("/tests/runs/", push.Out);

        var green = _files.File("green.xml");
        var red = _files.File("red.xml");
        await File.WriteAllTextAsync(green, "<testsuite name=\"s\"><testcase classname=\"Cart\" name=\"adds\"/><testcase classname=\"Cart\" name=\"removes\"/></testsuite>");
        await File.WriteAllTextAsync(red, "<testsuite name=\"s\"><testcase classname=\"Cart\" name=\"adds\"/><testcase classname=\"Cart\" name=\"removes\"><failure message=\"off by one\"/></testcase></testsuite>");
        Assert.Equal(0, (await _cli.RunAsync("tests", "push", green, "--project", "cli-gate", "--branch", "main", "--fail-on-new-failures")).ExitCode);
        var gate = await _cli.RunAsync("tests", "push", red, "--project", "cli-gate", "--branch", "main", "--fail-on-new-failures");
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("1 new failures", gate.Out);
        Assert.Contains("1 tests fail that passed in the run before", gate.Error);

        var json = await _cli.RunAsync("tests", "push", red, "--project", "cli-gate", "--json");
        Assert.Equal(1, JsonDocument.Parse(json.Out).RootElement.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_key_made_with_keys_create_works_for_its_scope_and_stops_working_once_revoked()
    {
        var created = await _cli.RunAsync("keys", "create", "--name", "cli-made", "--scope", "ingest");
        Assert.True(created.ExitCode == 0, created.ToString());
        var secret = Assert.Single(created.OutLines).Trim();

        Assert.Equal(0, (await _cli.RunAsync("-a", secret, "log", "sent with the new key", "--source", "cli-key")).ExitCode);
        Assert.Equal(1, await CountAsync("source:cli-key"));
        var noRead = await _cli.RunAsync("-a", secret, "search", "source:cli-key");
        Assert.Equal(3, noRead.ExitCode);
        Assert.Contains("read", noRead.Error);

        var list = await _cli.RunAsync("keys", "list", "--json");
        var key = list.OutLines.Select(l => JsonDocument.Parse(l).RootElement).Single(k => k.GetProperty("name").GetString() == "cli-made");
        Assert.Equal(0, (await _cli.RunAsync("keys", "revoke", key.GetProperty("id").GetRawText())).ExitCode);
        var refused = await _cli.RunAsync("-a", secret, "log", "after revoke");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("refused the API key", refused.Error);
    }

    [Fact]
    public async Task Backup_downloads_a_gzip_sqlite_snapshot_and_users_list_shows_the_admin()
    {
        var target = _files.File("nightly.db.gz");
        var run = await _cli.RunAsync("backup", "-o", target);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(target, run.Out);
        await using (var gzip = new System.IO.Compression.GZipStream(File.OpenRead(target), System.IO.Compression.CompressionMode.Decompress))
        {
            var header = new byte[16];
            await gzip.ReadExactlyAsync(header);
            Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(header));
        }

        var users = await _cli.RunAsync("users", "list", "--json");
        Assert.True(users.ExitCode == 0, users.ToString());
        Assert.Contains(users.OutLines, l => JsonDocument.Parse(l).RootElement.GetProperty("email").GetString() == AppFixture.AdminEmail);
        Assert.Contains(AppFixture.AdminEmail, (await _cli.RunAsync("users", "list")).Out);
    }

    [Fact]
    public async Task Bad_arguments_exit_2_with_a_usage_line()
    {
        foreach (var args in new[] { new[] { "log" }, ["ingest", "--batch-size", "many"], ["keys", "revoke", "x"], ["frobnicate"], ["ingest", "--invalid-data", "maybe"] })
        {
            var run = await _cli.RunAsync(args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: {run}");
            Assert.Contains("usage: ailogger", run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
    }

    [Fact]
    public async Task A_server_that_is_down_exits_3_with_a_clear_message()
    {
        var closed = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        foreach (var args in new[] { new[] { "-s", closed, "log", "x" }, ["-s", closed, "search", "x"], ["-s", closed, "tail"] })
        {
            var run = await _cli.RunAsync(args);
            Assert.True(run.ExitCode == 3, run.ToString());
            Assert.Contains($"Cannot reach {closed}/: the connection was refused (is AI-Logger running there?)", run.Error);
        }
    }

    [Fact]
    public async Task Profiles_hold_the_server_and_key_and_flags_win_over_them()
    {
        var nowhere = new Dictionary<string, string> { ["AILOGGER_URL"] = "", ["AILOGGER_API_KEY"] = "" };
        Assert.Equal(0, (await _cli.RunAsync(["config", "set", "url", app.BaseAddress.ToString(), "--profile", "ci"], null, environment: nowhere)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync(["config", "set", "api-key", AppFixture.AdminKey, "--profile", "ci"], null, environment: nowhere)).ExitCode);
        var list = await _cli.RunAsync(["config", "list"], null, environment: nowhere);
        Assert.Contains("ci", list.Out);
        Assert.DoesNotContain(AppFixture.AdminKey, list.Out);

        Assert.Equal(0, (await _cli.RunAsync(["--profile", "ci", "log", "via profile", "--source", "cli-profile"], null, environment: nowhere)).ExitCode);
        Assert.Equal(1, await CountAsync("source:cli-profile"));
        // The first profile is the default one.
        Assert.Equal(0, (await _cli.RunAsync(["log", "via default profile", "--source", "cli-profile"], null, environment: nowhere)).ExitCode);
        Assert.Equal(3, (await _cli.RunAsync(["--profile", "ci", "-a", "wrong-key-0123456789", "log", "x"], null, environment: nowhere)).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync(["--profile", "nope", "log", "x"], null, environment: nowhere)).ExitCode);
        Assert.Equal(AppFixture.AdminKey, (await _cli.RunAsync(["config", "get", "api-key", "--profile", "ci"], null, environment: nowhere)).Out.Trim());
    }

    [Fact]
    public async Task Traces_show_prints_the_spans_as_an_indented_tree_with_durations()
    {
        const string traceId = "5b8efff798038103d269b633813fc60c";
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000;
        object Span(string id, string? parent, string name, long fromMs, long toMs, int status = 1) => new Dictionary<string, object?>
        {
            ["traceId"] = traceId, ["spanId"] = id, ["parentSpanId"] = parent, ["name"] = name, ["kind"] = 2,
            ["startTimeUnixNano"] = (start + fromMs * 1_000_000).ToString(), ["endTimeUnixNano"] = (start + toMs * 1_000_000).ToString(),
            ["status"] = new { code = status },
        };
        var body = new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { new { key = "service.name", value = new { stringValue = "cli-shop" } } } },
                    scopeSpans = new[]
                    {
                        new { spans = new[] { Span("eee19b7ec3c1b174", null, "POST /checkout", 0, 120), Span("eee19b7ec3c1b175", "eee19b7ec3c1b174", "charge card", 10, 60, 2), Span("eee19b7ec3c1b176", "eee19b7ec3c1b175", "SELECT cards", 12, 20) } },
                    },
                },
            },
        };
        using var client = app.CreateClient(AppFixture.AdminKey);
        (await client.PostAsJsonAsync("/v1/traces", body)).EnsureSuccessStatusCode();

        var show = await _cli.RunAsync("traces", "show", traceId);
        Assert.True(show.ExitCode == 0, show.ToString());
        var lines = show.OutLines;
        int Indent(string name) => lines.Single(l => l.Contains(name)).IndexOf(name, StringComparison.Ordinal);
        Assert.True(Indent("POST /checkout") < Indent("charge card") && Indent("charge card") < Indent("SELECT cards"), show.Out);
        Assert.Contains("120 ms", lines.Single(l => l.Contains("POST /checkout")));
        Assert.Contains("50 ms", lines.Single(l => l.Contains("charge card")));
        Assert.Contains("✗", lines.Single(l => l.Contains("charge card")));

        var list = await _cli.RunAsync("traces", "list", "service:cli-shop", "--json");
        Assert.Equal(traceId, JsonDocument.Parse(Assert.Single(list.OutLines)).RootElement.GetProperty("traceId").GetString());
        Assert.Equal(1, (await _cli.RunAsync("traces", "show", "not-an-id")).ExitCode);
    }

    [Fact]
    public async Task Model_predictions_and_validations_upload_from_csv()
    {
        var predictions = _files.File("predictions.csv");
        var validations = _files.File("validations.csv");
        await File.WriteAllTextAsync(predictions, "id,predicted,confidence\na,cat,0.9\nb,dog,0.8\nc,cat,0.7\n");
        await File.WriteAllTextAsync(validations, "id,actual\na,cat\nb,cat\n");
        Assert.Equal(1, (await _cli.RunAsync("models", "predictions", "upload", "cli-model", predictions)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("models", "register", "cli-model", "--class", "cat,dog")).ExitCode);
        var up = await _cli.RunAsync("models", "predictions", "upload", "cli-model", predictions);
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("3 predictions of cli-model stored", up.Out);
        Assert.Contains("2 validations", (await _cli.RunAsync("models", "validations", "upload", "cli-model", validations)).Out);

        await File.WriteAllTextAsync(predictions, "id,predicted,confidence\na,cat,1.7\n");
        var bad = await _cli.RunAsync("models", "predictions", "upload", "cli-model", predictions);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("confidence", bad.Error);
    }

    [Fact]
    public async Task The_built_program_logs_searches_and_reports_usage_and_unreachable_servers()
    {
        var environment = new Dictionary<string, string>
        {
            ["AILOGGER_URL"] = app.BaseAddress.ToString(), ["AILOGGER_API_KEY"] = AppFixture.AdminKey, ["AILOGGER_CONFIG_DIR"] = _cli.ConfigFolder,
        };
        var log = await Cli.RunProcessAsync(environment, "log", "from the built program", "--source", "cli-process");
        Assert.True(log.ExitCode == 0, log.ToString());
        var search = await Cli.RunProcessAsync(environment, "search", "source:cli-process", "--json");
        Assert.Equal("from the built program", JsonDocument.Parse(Assert.Single(search.OutLines)).RootElement.GetProperty("message").GetString());

        var usage = await Cli.RunProcessAsync(environment, "search", "--limit", "lots");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("usage: ailogger search", usage.Error);

        environment["AILOGGER_URL"] = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var down = await Cli.RunProcessAsync(environment, "count");
        Assert.Equal(3, down.ExitCode);
        Assert.Contains("Cannot reach", down.Error);
        Assert.DoesNotContain("   at ", down.Error);
    }

    public void Dispose()
    {
        _cli.Dispose();
        _files.Dispose();
    }
}
