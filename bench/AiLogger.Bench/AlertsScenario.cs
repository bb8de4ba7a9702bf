using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiLogger.Bench;

/// <summary>
/// 100 <c>logs</c> rules (level filters, per-source groups, keywords, properties; windows 5m–24h) over the query
/// scenario's store, evaluated through <c>POST /api/alerts/evaluate</c> cycle after cycle. The store is copied once
/// (alerts-N.db) and topped up to "now" at its own density, so every window ending now is as full as the rest.
/// </summary>
public static class AlertsScenario
{
    private static readonly string[] Windows = ["5m", "15m", "1h", "6h", "24h"];

    public static async Task<int> RunAsync(BenchArguments args, string[] raw)
    {
        var events = Value(raw, "--events") is null ? 10_000_000 : args.Events;
        var cycles = int.Parse(Value(raw, "--cycles") ?? "10", CultureInfo.InvariantCulture);
        var source = Path.Combine(Path.GetTempPath(), "ailogger-bench", $"query-{events}.db");
        var database = Value(raw, "--db") ?? Path.Combine(Path.GetTempPath(), "ailogger-bench", $"alerts-{events}.db");
        if (!File.Exists(database))
        {
            // Opening the query store would migrate it to this branch's schema; it is only copied.
            if (!File.Exists(source)) await QueryScenario.EnsureStoreAsync(source, events);
            Console.WriteLine($"  copying {source} to {database} …");
            await CopyAsync(source, database);
        }
        var stored = await TopUpAsync(database, events);

        // Only the bench's own evaluations run (the every-minute job would interleave with them).
        await using var server = await BenchServer.StartAsync(args.Synchronous, database,
            new Dictionary<string, string> { ["AiLogger__Alerts__Schedule"] = "0 0 1 1 *" });
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
        var rules = await EnsureRulesAsync(client);

        var cold = await EvaluateAsync(client);
        var timings = new List<double>();
        var serverTimings = new List<double>();
        JsonElement last = default;
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var clock = Stopwatch.StartNew();
            last = await EvaluateAsync(client);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            serverTimings.Add(last.GetProperty("durationMs").GetDouble());
        }
        timings.Sort();
        serverTimings.Sort();

        var evaluated = last.GetProperty("rules").EnumerateArray().ToList();
        var firing = evaluated.Count(r => r.GetProperty("status").GetString() == "firing");
        Console.WriteLine($"alerts: {rules} logs rules over {stored:N0} stored events, {cycles} cycles of POST /api/alerts/evaluate (after one cold cycle), HTTP on loopback");
        Table.Print(["cycle", "ms"],
        [
            ["cold (first after start)", F(cold.GetProperty("durationMs").GetDouble())],
            ["p50", F(Percentiles.Of(timings, 50))],
            ["p95", F(Percentiles.Of(timings, 95))],
            ["max", F(timings[^1])],
            ["p50 server-side (durationMs)", F(Percentiles.Of(serverTimings, 50))],
        ]);
        Console.WriteLine($"  {firing} of {evaluated.Count} rules firing; reading time by kind of rule in the last cycle (readings run side by side, so they add up to more than the cycle):");
        Table.Print(["rules", "count", "total ms", "max ms"], evaluated
            .GroupBy(r => string.Concat(r.GetProperty("name").GetString()!.Where(c => !char.IsDigit(c))).Trim())
            .Select(g => new[] { g.Key, g.Count().ToString(CultureInfo.InvariantCulture), F(g.Sum(r => r.GetProperty("durationMs").GetDouble())), F(g.Max(r => r.GetProperty("durationMs").GetDouble())) })
            .ToList());
        Console.WriteLine("  slowest readings:");
        Table.Print(["rule", "ms"], evaluated.OrderByDescending(r => r.GetProperty("durationMs").GetDouble()).Take(8)
            .Select(r => new[] { r.GetProperty("name").GetString()!, F(r.GetProperty("durationMs").GetDouble()) }).ToList());
        return 0;
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The bench's 100 rules: created once, kept in the copied store.</summary>
    private static async Task<int> EnsureRulesAsync(HttpClient client)
    {
        var existing = (await client.GetFromJsonAsync<JsonElement>("/api/alerts/rules")).GetArrayLength();
        if (existing >= 100) return existing;
        var random = new Random(8);
        var rules = new List<object>();
        string Window(int i) => Windows[i % Windows.Length];
        // Level filters: answered from the rollups.
        string[] levels = ["level:error", "level>=warning", "level:fatal", "level>=error", "level:warning"];
        for (var i = 0; i < 25; i++) rules.Add(Rule($"level {i}", levels[i % levels.Length], Window(i / levels.Length), 1_000 + i));
        // Per source: rollups too.
        for (var i = 0; i < 20; i++) rules.Add(Rule($"per source {i}", i % 2 == 0 ? "level>=error" : "level:warning", Window(i), 500, groupBy: "source"));
        for (var i = 0; i < 10; i++) rules.Add(Rule($"source {i}", $"source:{QueryWorkload.Source(i)} level>=error", Window(i), 50));
        // Keywords: the keyword index over the window's events.
        for (var i = 0; i < 30; i++)
        {
            var word = QueryWorkload.Word(random.Next(50, 2001));
            rules.Add(Rule($"keyword {i}", i % 3 == 0 ? $"{word} level>=warning" : word, Window(i), 200));
        }
        for (var i = 0; i < 5; i++) rules.Add(Rule($"keyword per source {i}", QueryWorkload.Word(random.Next(50, 500)), Window(i), 100, groupBy: "source"));
        // Properties: every event of the window is read.
        string[] properties = ["status_code:500", "duration_ms>990", "region:eu attempt:3", "has:exception", "status_code:500 level>=error"];
        for (var i = 0; i < 10; i++) rules.Add(Rule($"property {i}", properties[i % properties.Length], Windows[i % 3], 100));
        foreach (var rule in rules)
        {
            using var response = await client.PostAsJsonAsync("/api/alerts/rules", rule);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating a rule answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return rules.Count;

        static object Rule(string name, string query, string window, double threshold, string? groupBy = null) =>
            new { name = "bench " + name, query, window, threshold, groupBy, comparison = ">=", cooldown = "1h" };
    }

    private static async Task<JsonElement> EvaluateAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/alerts/evaluate", null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"evaluate answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Adds events from the newest stored one up to now (at most a day of them), at the store's own rate.</summary>
    private static async Task<long> TopUpAsync(string database, int events)
    {
        using var host = await BenchHost.StartAsync(database);
        var statistics = host.Services.GetRequiredService<ILogStatistics>();
        long newest;
        await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT max(max_ts) FROM log_blocks";
            newest = (long)(await command.ExecuteScalarAsync())!;
        }
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(Math.Max(newest, (now - TimeSpan.FromDays(1)).UtcTicks), TimeSpan.Zero);
        var perSecond = events / TimeSpan.FromDays(7).TotalSeconds;
        var count = (long)((now - start).TotalSeconds * perSecond);
        if (count > 1_000)
        {
            Console.WriteLine($"  topping up {count:N0} events from {start:u} to now ({perSecond:F1}/s, the store's own rate) …");
            var ingestor = host.Services.GetRequiredService<IIngestor>();
            var workload = new QueryWorkload();
            var random = new Random((int)(now.UtcTicks % int.MaxValue));
            const int batch = 5_000;
            for (long first = 0; first < count; first += batch)
            {
                var size = (int)Math.Min(batch, count - first);
                var chunk = new LogEvent[size];
                for (var i = 0; i < size; i++) chunk[i] = workload.Event(random, first + i, count, start, now - start);
                await ingestor.IngestAsync(chunk, IngestContext.Anonymous, CancellationToken.None);
            }
        }
        var stored = (await statistics.GetOverviewAsync(CancellationToken.None)).TotalEvents;
        await host.StopAsync();
        return stored;
    }

    private static async Task CopyAsync(string from, string to)
    {
        // The online backup API copies a consistent snapshot even if a WAL is beside the source.
        await using var source = new SqliteConnection($"Data Source={from};Mode=ReadOnly");
        await using var target = new SqliteConnection($"Data Source={to}");
        await source.OpenAsync();
        await target.OpenAsync();
        source.BackupDatabase(target);
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
