using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiLogger.Bench;

/// <summary>
/// OTLP traces with the official .NET exporter: <c>--workers</c> tracer providers, each exporting batches of
/// <c>--batch</c> spans (traces of 8 spans, a third of them GenAI calls) over gRPC and/or HTTP/protobuf, against a
/// server in its own process. Throughput is spans durably stored (counted in the server's database) per second
/// from the first span made; then the read latencies of a 1,000-span trace and of a filtered first page.
/// </summary>
public static partial class OtlpScenario
{
    private const int SpansPerTrace = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var spans = BenchArguments.Option(args, "--spans", 1_000_000);
        var workers = BenchArguments.Option(args, "--workers", 4);
        var batch = BenchArguments.Option(args, "--batch", 512);
        var runs = BenchArguments.Option(args, "--runs", 40);
        var transport = Array.IndexOf(args, "--transport") is var t and >= 0 && t + 1 < args.Length ? args[t + 1] : "both";
        if (args.Contains("--ui")) return await UiAsync(BenchArguments.Option(args, "--rate", 1000), BenchArguments.Option(args, "--seconds", 15), runs: BenchArguments.Option(args, "--runs", 10));
        if (args.Contains("--direct"))
            return await DirectAsync(spans, workers, batch, Array.IndexOf(args, "--drop") is var d and >= 0 ? args[d + 1].Split(',') : [],
                Array.IndexOf(args, "--db") is var db and >= 0 ? args[db + 1] : null);
        var rows = new List<string[]>();
        foreach (var protocol in transport == "both" ? new[] { "grpc", "http" } : [transport])
        {
            var grpcPort = BenchServer.FreePort();
            await using var server = await BenchServer.StartAsync("Normal", environment: new Dictionary<string, string> { ["AiLogger__Otlp__GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture) });
            var endpoint = protocol == "grpc" ? new Uri($"http://127.0.0.1:{grpcPort}") : new Uri(server.BaseAddress, "/v1/traces");
            Console.WriteLine($"{protocol}: {spans:N0} spans, {workers} workers, batches of {batch}");

            var peak = 0.0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, server.Memory().Current);
                    await Task.Delay(250);
                }
            });

            var clock = Stopwatch.StartNew();
            var perWorker = spans / workers / SpansPerTrace * SpansPerTrace;
            var exporters = Enumerable.Range(0, workers).Select(w => Task.Run(() => Export(protocol, endpoint, w, perWorker, batch))).ToArray();
            await Task.WhenAll(exporters);
            var exported = clock.Elapsed;
            var total = perWorker * workers;
            var stored = await WaitForSpansAsync(server.DatabasePath!, total, TimeSpan.FromMinutes(5));
            var elapsed = clock.Elapsed;
            await sampling.CancelAsync();
            await sampler;
            var (current, _) = server.Memory();
            Console.WriteLine($"  exported in {exported.TotalSeconds:F1} s, {stored:N0} stored after {elapsed.TotalSeconds:F1} s");

            // Reads: a 1,000-span trace, and the first page of a filtered list.
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", BenchServer.ApiKey);
            var bigTrace = await ExportBigTraceAsync(protocol, endpoint, server.DatabasePath!);
            var traceTimes = await BenchHttp.TimeGetAsync(client, $"/api/traces/{bigTrace}", runs);
            var listTimes = await BenchHttp.TimeGetAsync(client, "/api/traces?q=" + Uri.EscapeDataString("service:svc-2 status:error"), runs);

            rows.Add([protocol, total.ToString("N0", CultureInfo.InvariantCulture), stored.ToString("N0", CultureInfo.InvariantCulture),
                $"{elapsed.TotalSeconds:F1} s", $"{stored / elapsed.TotalSeconds:N0}", $"{peak:F0} MB", $"{current:F0} MB",
                $"{Percentiles.Of(traceTimes, 50):F1} / {Percentiles.Of(traceTimes, 95):F1} ms", $"{Percentiles.Of(listTimes, 50):F1} / {Percentiles.Of(listTimes, 95):F1} ms"]);
        }
        Table.Print(["transport", "spans sent", "spans stored", "time", "spans/s stored", "server RSS peak", "RSS at end", "1,000-span trace p50/p95", "service+error page p50/p95"], rows);
        return 0;
    }

    private static void Export(string protocol, Uri endpoint, int worker, int spans, int batch)
    {
        var sourceName = $"AiLogger.Bench.Otlp.{worker}";
        using var source = new ActivitySource(sourceName);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService($"svc-{worker}"))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = endpoint;
                o.Headers = $"x-api-key={BenchServer.ApiKey}";
                o.TimeoutMilliseconds = 30_000;
                // The queue holds every span made, so none is dropped while the exporter catches up.
                o.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions
                {
                    MaxExportBatchSize = batch, MaxQueueSize = spans + batch, ScheduledDelayMilliseconds = 50,
                };
            })
            .Build();
        for (var trace = 0; trace < spans / SpansPerTrace; trace++)
        {
            using var root = source.StartActivity("POST /checkout", ActivityKind.Server)!;
            root.SetTag("http.route", "/checkout");
            for (var i = 1; i < SpansPerTrace; i++)
            {
                using var child = source.StartActivity(i % 3 == 0 ? "chat gpt-4o-mini" : $"step {i}", ActivityKind.Client)!;
                if (i % 3 == 0)
                {
                    child.SetTag("gen_ai.operation.name", "chat");
                    child.SetTag("gen_ai.request.model", "gpt-4o-mini");
                    child.SetTag("gen_ai.usage.input_tokens", 120 + i);
                    child.SetTag("gen_ai.usage.output_tokens", 40);
                }
                else
                {
                    child.SetTag("db.system", "sqlite");
                }
                if (trace % 50 == 0 && i == 1) child.SetStatus(ActivityStatusCode.Error, "failed");
            }
        }
        provider.ForceFlush(600_000);
    }

    private static async Task<string> ExportBigTraceAsync(string protocol, Uri endpoint, string database)
    {
        const string sourceName = "AiLogger.Bench.Otlp.Big";
        using var source = new ActivitySource(sourceName);
        string traceId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("big"))
                   .AddSource(sourceName)
                   .AddOtlpExporter(o =>
                   {
                       o.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                       o.Endpoint = endpoint;
                       o.Headers = $"x-api-key={BenchServer.ApiKey}";
                   })
                   .Build())
        {
            using (var root = source.StartActivity("big trace")!)
            {
                traceId = root.TraceId.ToHexString();
                for (var i = 1; i < 1000; i++)
                {
                    using var child = source.StartActivity($"work {i}")!;
                    child.SetTag("i", i);
                }
            }
            provider.ForceFlush(60_000);
        }
        await WaitForSpansAsync(database, 1000, TimeSpan.FromSeconds(60), traceId);
        return traceId;
    }

    private static async Task<long> WaitForSpansAsync(string database, long expected, TimeSpan timeout, string? traceId = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count;
        do
        {
            await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = traceId is null ? "SELECT count(*) FROM spans" : "SELECT count(*) FROM spans WHERE trace_id = @t";
            if (traceId is not null) command.Parameters.AddWithValue("@t", traceId);
            count = (long)(await command.ExecuteScalarAsync())!;
            if (count >= expected) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return count;
    }


    /// <summary>
    /// <c>--direct</c>: the receiver's conversion and the writer in this process, no HTTP or exporter, to tell where
    /// the time goes: protobuf parsing + conversion alone, then conversion + the one writer.
    /// </summary>
    /// <param name="database">A store an earlier <c>--direct --db</c> run filled: only the reads are measured; else a new one, kept there.</param>
    private static async Task<int> DirectAsync(int spans, int workers, int batch, string[] drop, string? database)
    {
        if (database is not null && File.Exists(database)) return await DirectReadsAsync(database);
        var bodies = new List<byte[]>();
        var random = new Random(7);
        for (var made = 0; made < spans; made += batch) bodies.Add(Google.Protobuf.MessageExtensions.ToByteArray(RawBatch(random, batch, $"svc-{bodies.Count % 4}")));
        var reader = new Infrastructure.Ingest.Otlp.OtlpTraceReader();
        var parser = Infrastructure.Ingest.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest.Parser;

        var clock = Stopwatch.StartNew();
        Parallel.ForEach(bodies, new ParallelOptions { MaxDegreeOfParallelism = workers }, body => reader.Read(parser.ParseFrom(body)));
        var parse = clock.Elapsed;

        var directory = database is null ? Path.Combine(Path.GetTempPath(), "ailogger-bench", Guid.NewGuid().ToString("N")) : Path.GetDirectoryName(Path.GetFullPath(database))!;
        Directory.CreateDirectory(directory);
        var file = database ?? Path.Combine(directory, "direct.db");
        using var host = await BenchHost.StartAsync(file);
        var ingestor = (Domain.Ingest.IIngestor)host.Services.GetService(typeof(Domain.Ingest.IIngestor))!;
        // --drop ix_a,ix_b: what an index costs the writer (an experiment; the app needs its indexes).
        foreach (var index in drop)
        {
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP INDEX IF EXISTS \"{index}\"";
            await command.ExecuteNonQueryAsync();
        }
        clock.Restart();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (body, ct) =>
            await ingestor.IngestAsync(new Domain.Ingest.IngestBatch([], reader.Read(parser.ParseFrom(body))), Domain.Ingest.IngestContext.Anonymous, ct));
        var stored = clock.Elapsed;
        bodies.Clear();

        // Reads on the store just filled: a 1,000-span trace, and the first page of a filtered list.
        var big = RawBatch(random, 1000, "big");
        var bigTrace = Convert.ToHexStringLower(big.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.Span);
        foreach (var span in big.ResourceSpans[0].ScopeSpans[0].Spans) span.TraceId = big.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId;
        await ingestor.IngestAsync(new Domain.Ingest.IngestBatch([], reader.Read(big)), Domain.Ingest.IngestContext.Anonymous, CancellationToken.None);
        var store = (Domain.Traces.ITraceStore)host.Services.GetService(typeof(Domain.Traces.ITraceStore))!;
        var query = Domain.Traces.TraceQuery.Parse("service:svc-2 status:error");
        var traceTimes = await TimeAsync(async () => (await store.GetAsync(bigTrace, CancellationToken.None))!.Spans.Count, 40);
        var listTimes = await TimeAsync(async () => (await store.SearchAsync(new Domain.Traces.TraceSearchRequest { Query = query }, CancellationToken.None)).Traces.Count, 40);
        await host.StopAsync();
        if (database is null) try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        var total = spans / batch * batch;
        Table.Print(["spans", "parse + convert", "spans/s", "parse + convert + store", "spans/s stored", "1,000-span trace p50/p95", "service+error page p50/p95"],
        [[total.ToString("N0", CultureInfo.InvariantCulture), $"{parse.TotalSeconds:F1} s", $"{total / parse.TotalSeconds:N0}", $"{stored.TotalSeconds:F1} s", $"{total / stored.TotalSeconds:N0}",
          $"{Percentiles.Of(traceTimes, 50):F1} / {Percentiles.Of(traceTimes, 95):F1} ms", $"{Percentiles.Of(listTimes, 50):F1} / {Percentiles.Of(listTimes, 95):F1} ms"]]);
        return 0;
    }

    /// <summary>A batch shaped like the exporter's: traces of 8 spans, a third GenAI, with a service resource.</summary>
    /// <summary>The reads alone, on a store filled before (the 1,000-span trace is the one named "big").</summary>
    private static async Task<int> DirectReadsAsync(string database)
    {
        using var host = await BenchHost.StartAsync(database);
        var store = (Domain.Traces.ITraceStore)host.Services.GetService(typeof(Domain.Traces.ITraceStore))!;
        var clock = Stopwatch.StartNew();
        var big = (await store.SearchAsync(new Domain.Traces.TraceSearchRequest { Query = Domain.Traces.TraceQuery.Parse("service:big"), Limit = 1 }, CancellationToken.None)).Traces[0].TraceId;
        Console.WriteLine($"service:big found in {clock.ElapsedMilliseconds} ms");
        var rows = new List<string[]>();
        foreach (var text in new[] { "service:svc-2 status:error", "status:error", "service:svc-1", "duration>0.9ms", "has:gen_ai", "" })
        {
            var query = Domain.Traces.TraceQuery.Parse(text);
            try
            {
                var times = await TimeAsync(async () => (await store.SearchAsync(new Domain.Traces.TraceSearchRequest { Query = query }, CancellationToken.None)).Traces.Count, 40);
                rows.Add([text.Length == 0 ? "(all)" : text, $"{Percentiles.Of(times, 50):F1} ms", $"{Percentiles.Of(times, 95):F1} ms"]);
            }
            catch (Domain.Logs.QueryTooExpensiveException)
            {
                rows.Add([text, "over the 10 s budget", ""]);
            }
        }
        var traceTimes = await TimeAsync(async () => (await store.GetAsync(big, CancellationToken.None))!.Spans.Count, 40);
        rows.Add(["GET one 1,000-span trace", $"{Percentiles.Of(traceTimes, 50):F1} ms", $"{Percentiles.Of(traceTimes, 95):F1} ms"]);
        await host.StopAsync();
        Table.Print(["first page of", "p50", "p95"], rows);
        return 0;
    }

    private static async Task<List<double>> TimeAsync(Func<Task<int>> read, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            await read();
            if (i >= 3) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static Infrastructure.Ingest.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest RawBatch(Random random, int batch, string service)
    {
        var scope = new Infrastructure.Ingest.Otlp.Proto.Trace.ScopeSpans { Scope = new() { Name = "bench" } };
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var trace = 0; trace < batch / SpansPerTrace; trace++)
        {
            var traceId = new byte[16];
            random.NextBytes(traceId);
            var root = new byte[8];
            random.NextBytes(root);
            for (var i = 0; i < SpansPerTrace; i++)
            {
                var id = i == 0 ? root : new byte[8];
                if (i > 0) random.NextBytes(id);
                var span = new Infrastructure.Ingest.Otlp.Proto.Trace.Span
                {
                    TraceId = Google.Protobuf.ByteString.CopyFrom(traceId), SpanId = Google.Protobuf.ByteString.CopyFrom(id),
                    ParentSpanId = i == 0 ? Google.Protobuf.ByteString.Empty : Google.Protobuf.ByteString.CopyFrom(root),
                    Name = i == 0 ? "POST /checkout" : i % 3 == 0 ? "chat gpt-4o-mini" : $"step {i}",
                    Kind = i == 0 ? Infrastructure.Ingest.Otlp.Proto.Trace.Span.Types.SpanKind.Server : Infrastructure.Ingest.Otlp.Proto.Trace.Span.Types.SpanKind.Client,
                    StartTimeUnixNano = start + (ulong)i * 1_000_000, EndTimeUnixNano = start + (ulong)i * 1_000_000 + 800_000,
                };
                if (i % 3 == 0)
                {
                    span.Attributes.Add(Attribute("gen_ai.operation.name", "chat"));
                    span.Attributes.Add(Attribute("gen_ai.request.model", "gpt-4o-mini"));
                    span.Attributes.Add(new Infrastructure.Ingest.Otlp.Proto.Common.KeyValue { Key = "gen_ai.usage.input_tokens", Value = new() { IntValue = 120 } });
                    span.Attributes.Add(new Infrastructure.Ingest.Otlp.Proto.Common.KeyValue { Key = "gen_ai.usage.output_tokens", Value = new() { IntValue = 40 } });
                }
                else
                {
                    span.Attributes.Add(Attribute(i == 0 ? "http.route" : "db.system", i == 0 ? "/checkout" : "sqlite"));
                }
                if (i == 1 && random.Next(50) == 0) span.Status = new Infrastructure.Ingest.Otlp.Proto.Trace.Status { Code = Infrastructure.Ingest.Otlp.Proto.Trace.Status.Types.StatusCode.Error, Message = "failed" };
                scope.Spans.Add(span);
            }
        }
        var request = new Infrastructure.Ingest.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest();
        request.ResourceSpans.Add(new Infrastructure.Ingest.Otlp.Proto.Trace.ResourceSpans
        {
            Resource = new() { Attributes = { Attribute("service.name", service), Attribute("service.version", "1.0"), Attribute("telemetry.sdk.language", "dotnet") } },
            ScopeSpans = { scope },
        });
        return request;
    }

    private static Infrastructure.Ingest.Otlp.Proto.Common.KeyValue Attribute(string key, string value) => new() { Key = key, Value = new() { StringValue = value } };

}
