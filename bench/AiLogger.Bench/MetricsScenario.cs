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
/// counter, a histogram and a gauge over attribute sets that make <c>--series</c> series in all.
/// <c>--source replay</c> (the default) simulates many services: the exporter's export of each provider is captured
/// once on loopback, then <c>--flushes</c> rounds of it, each one 10 s export interval later than the one before
/// (ending now), are pushed by <c>--senders</c> HTTP clients as fast as the server accepts; the sending side costs
/// almost nothing, so the figure is the server's. <c>--source sdk</c> flushes the live providers instead (the SDK's
/// collection and encoding then share the machine's cores with the server).
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
        var replay = !(Array.IndexOf(args, "--source") is var o and >= 0 && o + 1 < args.Length && args[o + 1] == "sdk");
        var senders = BenchArguments.Option(args, "--senders", 4);
        List<byte[]>? bodies = null;
        if (replay)
        {
            protocol = "http (replayed exports)";
            var captured = await CaptureAsync(workers, perWorker);
            bodies = Rounds(captured, flushes);
        }

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
            if (bodies is not null) await ReplayAsync(server.BaseAddress, bodies, senders);
            else await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Export(protocol, endpoint, w, perWorker, flushes))));
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
            var hostCost = args.Contains("--no-sampler") ? double.NaN : await SamplerCostAsync();
            Table.Print(["transport", "series", "points sent", "points stored", "time", "points/s stored", "server CPU",
                    "30-day chart, 1 series p50/p95", "24-hour chart, all series p50/p95", "sampler CPU (15 s interval)"],
                [[protocol, (workers * perWorker * 3).ToString("N0", CultureInfo.InvariantCulture), expected.ToString("N0", CultureInfo.InvariantCulture),
                    stored.ToString("N0", CultureInfo.InvariantCulture), $"{elapsed.TotalSeconds:F1} s", $"{stored / elapsed.TotalSeconds:N0}", $"{serverCpu:F1} s",
                    $"{Percentiles.Of(oneSeries, 50):F1} / {Percentiles.Of(oneSeries, 95):F1} ms", $"{Percentiles.Of(allSeries, 50):F1} / {Percentiles.Of(allSeries, 95):F1} ms",
                    $"{hostCost:P3} of a core"]]);
        }
        return 0;
    }

    /// <summary>One export of each provider as the official exporter encodes it (OTLP/HTTP protobuf, delta temporality), caught on loopback.</summary>
    private static async Task<byte[][]> CaptureAsync(int workers, int attributeSets)
    {
        var port = BenchServer.FreePort();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                System.Net.HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) when (stop.IsCancellationRequested) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                bodies.Enqueue(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });
        var endpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics");
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Export("http", endpoint, w, attributeSets, 1, MetricReaderTemporalityPreference.Delta))));
        stop.Cancel();
        listener.Stop();
        try { await receiving; } catch (ObjectDisposedException) { }
        return bodies.ToArray();
    }

    /// <summary><paramref name="rounds"/> copies of the captured exports, each 10 s after the one before, the last ending now.</summary>
    private static List<byte[]> Rounds(byte[][] captured, int rounds)
    {
        const ulong interval = 10_000_000_000UL;
        var now = (ulong)((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100);
        var requests = captured.Select(b => AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics.ExportMetricsServiceRequest.Parser.ParseFrom(b)).ToArray();
        var bodies = new List<byte[]>(rounds * requests.Length);
        for (var round = 0; round < rounds; round++)
        {
            var time = now - (ulong)(rounds - 1 - round) * interval;
            foreach (var request in requests)
            {
                foreach (var metric in request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
                {
                    foreach (var p in metric.Sum?.DataPoints ?? [])
                        (p.StartTimeUnixNano, p.TimeUnixNano) = (time - interval, time);
                    foreach (var p in metric.Gauge?.DataPoints ?? [])
                        (p.StartTimeUnixNano, p.TimeUnixNano) = (time - interval, time);
                    foreach (var p in metric.Histogram?.DataPoints ?? [])
                        (p.StartTimeUnixNano, p.TimeUnixNano) = (time - interval, time);
                }
                bodies.Add(Google.Protobuf.MessageExtensions.ToByteArray(request));
            }
        }
        return bodies;
    }

    private static async Task ReplayAsync(Uri server, List<byte[]> bodies, int senders)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("x-api-key", BenchServer.ApiKey);
            for (var i = Interlocked.Increment(ref next); i < bodies.Count; i = Interlocked.Increment(ref next))
            {
                while (true)
                {
                    using var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
                    using var response = await client.PostAsync("/v1/metrics", content);
                    if (response.IsSuccessStatusCode) break;
                    // 503 when the queue is full: the exporter would retry after a moment, and so does this.
                    if ((int)response.StatusCode != 503) throw new InvalidOperationException($"/v1/metrics answered {(int)response.StatusCode}");
                    await Task.Delay(50);
                }
            }
        })));
    }

    private static void Export(string protocol, Uri endpoint, int worker, int attributeSets, int flushes,
        MetricReaderTemporalityPreference temporality = MetricReaderTemporalityPreference.Cumulative)
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
                reader.TemporalityPreference = temporality;
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
