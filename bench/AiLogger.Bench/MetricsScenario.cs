using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AiLogger.Bench;

/// <summary>
/// OTLP metrics with the official .NET exporter: <c>--workers</c> meter providers (one service each) with a
/// counter, a histogram and a gauge over attribute sets that make <c>--series</c> series in all, each provider
/// flushed <c>--flushes</c> times as fast as the server accepts (every flush is one export interval's points).
/// Throughput is points stored (counted in the server's database) per second; then the chart latencies (one series
/// over 30 days, 1,000 series over 24 hours) and the host sampler's own CPU cost.
/// </summary>
public static class MetricsScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var series = BenchArguments.Option(args, "--series", 1000);
        var workers = BenchArguments.Option(args, "--workers", 4);
        var flushes = BenchArguments.Option(args, "--flushes", 100);
        var runs = BenchArguments.Option(args, "--runs", 40);
        var protocol = Array.IndexOf(args, "--transport") is var t and >= 0 && t + 1 < args.Length ? args[t + 1] : "grpc";
        var perWorker = Math.Max(1, series / workers / 3);

        var grpcPort = BenchServer.FreePort();
        await using (var server = await BenchServer.StartAsync("Normal", environment: new Dictionary<string, string>
                     {
                         ["AiLogger__Otlp__GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture),
                         ["AiLogger__SystemMetrics__SampleHost"] = "false",
                     }))
        {
            var endpoint = protocol == "grpc" ? new Uri($"http://127.0.0.1:{grpcPort}") : new Uri(server.BaseAddress, "/v1/metrics");
            var expected = (long)workers * perWorker * 3 * flushes;
            Console.WriteLine($"{protocol}: {workers} services × {perWorker * 3} series, {flushes} exports each: {expected:N0} points");
            var cpuBefore = CpuSeconds(server.ProcessId);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Export(protocol, endpoint, w, perWorker, flushes))));
            var exported = clock.Elapsed;
            var stored = await WaitForPointsAsync(server.DatabasePath!, expected, TimeSpan.FromMinutes(5));
            var elapsed = clock.Elapsed;
            var serverCpu = CpuSeconds(server.ProcessId) - cpuBefore;
            Console.WriteLine($"  exported in {exported.TotalSeconds:F1} s, {stored:N0} stored after {elapsed.TotalSeconds:F1} s, server CPU {serverCpu:F1} s");

            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
            var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
            var oneSeries = await BenchHttp.TimeGetAsync(client, $"/api/metrics/query?name=bench.latency&service=svc-0&filter=route=r0&agg=p95&from=30d&to={to}", runs);
            var allSeries = await BenchHttp.TimeGetAsync(client, $"/api/metrics/query?name=bench.requests&agg=rate&from=24h&to={to}&groupBy=service", runs);
            var hostCost = await SamplerCostAsync();
            Table.Print(["transport", "series", "points sent", "points stored", "time", "points/s stored", "server CPU",
                    "30-day chart, 1 series p50/p95", "24-hour chart, all series p50/p95", "sampler CPU (15 s interval)"],
                [[protocol, (workers * perWorker * 3).ToString("N0", CultureInfo.InvariantCulture), expected.ToString("N0", CultureInfo.InvariantCulture),
                    stored.ToString("N0", CultureInfo.InvariantCulture), $"{elapsed.TotalSeconds:F1} s", $"{stored / elapsed.TotalSeconds:N0}", $"{serverCpu:F1} s",
                    $"{Percentiles.Of(oneSeries, 50):F1} / {Percentiles.Of(oneSeries, 95):F1} ms", $"{Percentiles.Of(allSeries, 50):F1} / {Percentiles.Of(allSeries, 95):F1} ms",
                    $"{hostCost:P3} of a core"]]);
        }
        return 0;
    }

    private static void Export(string protocol, Uri endpoint, int worker, int attributeSets, int flushes)
    {
        using var meter = new Meter($"AiLogger.Bench.Metrics.{worker}");
        var requests = meter.CreateCounter<long>("bench.requests", "{request}");
        var latency = meter.CreateHistogram<double>("bench.latency", "ms");
        var random = new Random(worker);
        meter.CreateObservableGauge("bench.queue", () => Enumerable.Range(0, attributeSets)
            .Select(i => new Measurement<double>(random.Next(100), new KeyValuePair<string, object?>("route", $"r{i}"))), "{item}");
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService($"svc-{worker}"))
            .AddMeter(meter.Name)
            .AddOtlpExporter((o, reader) =>
            {
                o.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = endpoint;
                o.Headers = $"x-api-key={BenchServer.ApiKey}";
                o.TimeoutMilliseconds = 30_000;
                // Only the explicit flushes export: each one is what an exporter sends per interval.
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue;
            })
            .Build();
        for (var flush = 0; flush < flushes; flush++)
        {
            for (var i = 0; i < attributeSets; i++)
            {
                var route = new KeyValuePair<string, object?>("route", $"r{i}");
                requests.Add(1 + random.Next(10), route);
                latency.Record(random.NextDouble() * 500, route);
            }
            provider.ForceFlush(60_000);
        }
    }

    /// <summary>CPU the host sampler costs: an idle server sampling every second against one not sampling, scaled to the default 15 s.</summary>
    private static async Task<double> SamplerCostAsync()
    {
        async Task<double> IdleCpuAsync(bool sample)
        {
            await using var server = await BenchServer.StartAsync("Normal", environment: new Dictionary<string, string>
            {
                ["AiLogger__SystemMetrics__SampleHost"] = sample ? "true" : "false",
                ["AiLogger__SystemMetrics__IntervalSeconds"] = "1",
            });
            await Task.Delay(TimeSpan.FromSeconds(5));
            var before = CpuSeconds(server.ProcessId);
            await Task.Delay(TimeSpan.FromSeconds(30));
            return (CpuSeconds(server.ProcessId) - before) / 30;
        }

        var sampling = await IdleCpuAsync(true);
        var idle = await IdleCpuAsync(false);
        Console.WriteLine($"  idle server: {idle:P2} of a core; sampling every second: {sampling:P2}");
        return Math.Max(0, sampling - idle) / 15;
    }

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<long> WaitForPointsAsync(string database, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count, last = -1;
        var still = 0;
        do
        {
            await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM metric_points";
            count = (long)(await command.ExecuteScalarAsync())!;
            if (count >= expected) break;
            // Nothing more in 5 s: the rest was refused or merged (the gauge may repeat a time).
            still = count == last ? still + 1 : 0;
            if (still > 50) break;
            last = count;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return count;
    }
}
