using System.Collections.Concurrent;
using System.Net;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Trace;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Resource;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Trace;
using AiLogger.Tests.Support;
using Google.Protobuf;
using Xunit.Abstractions;

namespace AiLogger.Tests.Traces;

/// <summary>DESIGN §2 for spans: an acknowledged OTLP export survives kill -9; a refused or interrupted one is stored whole or not at all.</summary>
public sealed class SpanCrashTests(ITestOutputHelper output)
{
    private const string Key = "span-crash-key-0123456789abcdef";
    private const int SpansPerBatch = 256;

    [Fact]
    public async Task Every_acknowledged_span_survives_a_SIGKILL_while_OTLP_batches_are_in_flight()
    {
        using var directory = new TempDirectory();
        var database = directory.File("spans.db");
        var acknowledged = new ConcurrentDictionary<int, string>();
        var attempted = 0;
        var nextBatch = 0;

        await using (var server = await ServerProcess.StartAsync(database, Key))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                client.DefaultRequestHeaders.Add("x-api-key", Key);
                while (!stop.IsCancellationRequested)
                {
                    var batch = Interlocked.Increment(ref nextBatch);
                    Interlocked.Increment(ref attempted);
                    var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                    try
                    {
                        using var response = await client.PostAsync("/v1/traces", OtlpAppFixture.Protobuf(Batch(traceId)));
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged[batch] = traceId;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // The server is gone.
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 20) await Task.Delay(20);
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(senders);
        }
        Assert.True(attempted > acknowledged.Count, "the kill should interrupt batches in flight");

        await using var restarted = await ServerProcess.StartAsync(database, Key);
        using var reader = new HttpClient { BaseAddress = restarted.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-API-Key", Key);
        foreach (var (batch, traceId) in acknowledged)
        {
            using var response = await reader.GetAsync($"/api/traces/{traceId}");
            Assert.True(response.IsSuccessStatusCode, $"acknowledged batch {batch} (trace {traceId}) is missing after the restart");
            var trace = await response.ReadJsonAsync();
            Assert.Equal(SpansPerBatch, trace.GetProperty("spans").GetArrayLength());
        }
        // Every trace stored at all is whole, and its summary counts every span.
        var list = await (await reader.GetAsync("/api/traces?limit=1000")).ReadJsonAsync();
        Assert.All(list.GetProperty("traces").EnumerateArray(), t => Assert.Equal(SpansPerBatch, t.GetProperty("spanCount").GetInt32()));
        output.WriteLine($"{attempted} batches sent, {acknowledged.Count} acknowledged, {list.GetProperty("traces").GetArrayLength()} stored after the kill");
    }

    private static ExportTraceServiceRequest Batch(string traceId)
    {
        var scope = new ScopeSpans();
        var trace = ByteString.CopyFrom(Convert.FromHexString(traceId));
        var root = Guid.NewGuid().ToByteArray()[..8];
        for (var i = 0; i < SpansPerBatch; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = trace,
                SpanId = ByteString.CopyFrom(i == 0 ? root : Guid.NewGuid().ToByteArray()[..8]),
                ParentSpanId = i == 0 ? ByteString.Empty : ByteString.CopyFrom(root),
                Name = i == 0 ? "crash root" : $"crash child {i}",
                StartTimeUnixNano = 1_764_590_400_000_000_000UL + (ulong)i * 1_000_000,
                EndTimeUnixNano = 1_764_590_400_000_000_000UL + (ulong)i * 1_000_000 + 500_000,
                Attributes = { new KeyValue { Key = "i", Value = new AnyValue { IntValue = i } } },
            });
        }
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "crash" } } } },
            ScopeSpans = { scope },
        });
        return request;
    }
}
