using System.Diagnostics;
using System.Globalization;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AiLogger.Bench;

/// <summary>
/// The PostgreSQL writer alone: parsed CLEF events appended in group commits of <c>--group</c> events, timed by the
/// wall clock and by CPU (this process and the server's backend), which a busy machine disturbs less.
/// </summary>
public static class WriterScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = Arg(args, "--events", 100_000);
        var group = Arg(args, "--group", 5_000);
        // --days N spreads the events over N days (one partition each), as a batch of old or hostile timestamps would.
        var days = Arg(args, "--days", 0);
        using var postgres = BenchPostgres.Create();
        await using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(postgres.ConnectionString).Options))
        {
            await db.Database.MigrateAsync();
            // --sql "DROP INDEX …; ALTER INDEX …": a profiling aid, what each index or setting costs the server per event.
            if (Value(args, "--sql") is { Length: > 0 } sql) await db.Database.ExecuteSqlRawAsync(sql);
        }
        var reader = new ClefReader(new EventReaderSettings(Microsoft.Extensions.Options.Options.Create(new IngestOptions())));
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var parsed = Enumerable.Range(0, (events + 999) / 1000).SelectMany(b => reader.Read(ClefWorkload.Batch(b, 1000, start))).Take(events).ToArray();
        if (days > 0) parsed = parsed.Select((e, i) => e with { Timestamp = start.AddDays(-(i % days)) }).ToArray();
        using var database = new PostgresDatabase(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AiLogger"] = postgres.ConnectionString }).Build());
        using var appender = new PostgresLogAppender(database);
        // Warm-up: the JIT and the statements the writer prepares.
        appender.Append([new PendingBatch(parsed.Take(2_000).Select(e => e with { }).ToArray(), null)], DateTimeOffset.UtcNow);

        var documentClock = Stopwatch.StartNew();
        var documentBytes = parsed.Sum(e => (long)PostgresTsVector.Document(e.Message, e.Exception).Length);
        Console.WriteLine($"  keyword documents alone: {parsed.Length / documentClock.Elapsed.TotalSeconds:N0} events/s ({documentBytes / parsed.Length} bytes each)");
        var backend = BackendPid(postgres.ConnectionString);
        var serverCpu = CpuSeconds(backend);
        var process = Process.GetCurrentProcess();
        var clientCpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var offset = 0; offset < parsed.Length; offset += group)
            appender.Append([new PendingBatch(parsed.Skip(offset).Take(group).ToArray(), null)], DateTimeOffset.UtcNow);
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var client = (process.TotalProcessorTime - clientCpu).TotalSeconds;
        var server = CpuSeconds(backend) - serverCpu;
        Table.Print(["scenario", "events", "seconds", "events/s", "client CPU s", "server CPU s", "events per CPU-second"],
            [["postgres writer", parsed.Length.ToString("N0", CultureInfo.InvariantCulture), elapsed.ToString("F2", CultureInfo.InvariantCulture),
              (parsed.Length / elapsed).ToString("N0", CultureInfo.InvariantCulture), client.ToString("F2", CultureInfo.InvariantCulture),
              server.ToString("F2", CultureInfo.InvariantCulture), (parsed.Length / (client + server)).ToString("N0", CultureInfo.InvariantCulture)]]);
        return 0;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int BackendPid(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '% writer'", connection);
        return (int)command.ExecuteScalar()!;
    }

    /// <summary>User + system time of a local process, from /proc (the server runs on this machine).</summary>
    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
