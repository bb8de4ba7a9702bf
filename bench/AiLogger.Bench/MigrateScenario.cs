using System.Diagnostics;
using System.Globalization;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AiLogger.Bench;

/// <summary>
/// <c>--migrate-from-sqlite</c> on a store of N events: a SQLite file filled through the writer, copied into a new
/// PostgreSQL database (AILOGGER_BENCH_POSTGRES, default the local server), every row counted.
/// </summary>
public static class MigrateScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = Array.IndexOf(args, "--events") is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1_000_000;
        var server = Environment.GetEnvironmentVariable("AILOGGER_BENCH_POSTGRES") is { Length: > 0 } s ? s : "Host=127.0.0.1;Username=postgres;Password=postgres";
        var folder = Directory.CreateTempSubdirectory("ailogger-migrate-");
        var sqlite = Path.Combine(folder.FullName, "source.db");
        var database = "ailogger_bench_" + Guid.NewGuid().ToString("N")[..12];
        Console.WriteLine($"migrate: a SQLite store of {events:N0} events into PostgreSQL");
        try
        {
            var fill = Stopwatch.StartNew();
            using (var host = await BenchHost.StartAsync(sqlite))
            {
                var ingestor = host.Services.GetRequiredService<IIngestor>();
                var start = DateTimeOffset.UtcNow.AddDays(-7);
                const int batch = 5_000;
                for (var b = 0; b < events / batch; b++)
                {
                    var list = new LogEvent[batch];
                    for (var k = 0; k < batch; k++)
                    {
                        var n = b * batch + k;
                        list[k] = new LogEvent
                        {
                            Timestamp = start.AddMilliseconds(n * (7 * 86_400_000.0 / events)),
                            Level = (LogLevel)(n % 5 + 1),
                            Message = $"{QueryWorkload.Word(n % 5_000)} request {n} took {n % 997} ms for {QueryWorkload.Word(n % 37)}",
                            Source = QueryWorkload.Source(n % 20),
                            PropertiesJson = $$"""{"n":{{n}},"route":"/api/{{n % 50}}"}""",
                        };
                    }
                    await ingestor.IngestAsync(list, IngestContext.Anonymous, CancellationToken.None);
                }
                await host.StopAsync();
            }
            Console.WriteLine($"  filled in {fill.Elapsed.TotalSeconds:F0} s; {new FileInfo(sqlite).Length / 1048576.0:F0} MB");

            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync();
            }
            var target = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AiLogger:Storage:Provider"] = "Postgres",
                ["ConnectionStrings:AiLogger"] = target,
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddAiLoggerInfrastructure(configuration);
            await using var provider = services.BuildServiceProvider();

            var clock = Stopwatch.StartNew();
            var summary = await provider.GetRequiredService<StoreMigration>().RunAsync(sqlite, TextWriter.Null, CancellationToken.None);
            var took = clock.Elapsed;
            Console.WriteLine("  " + summary);
            Table.Print(
                ["events", "SQLite file", "migration seconds", "events/s", "peak RSS"],
                [[
                    events.ToString("N0", CultureInfo.InvariantCulture),
                    $"{new FileInfo(sqlite).Length / 1048576.0:F0} MB",
                    took.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                    (events / took.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
                    $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB",
                ]]);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            folder.Delete(recursive: true);
        }
    }
}
