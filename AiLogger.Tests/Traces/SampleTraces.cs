using System.Diagnostics;
using System.Net.Http.Json;
using AiLogger.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiLogger.Tests.Traces;

/// <summary>
/// A checkout request as a real application traces it, sent by the OpenTelemetry SDK and its OTLP exporter: four
/// services (one tracer provider each, so each has its own resource), an LLM call with the GenAI conventions, a
/// retrieval span with OpenInference attributes, a failing payment with an exception, and log lines written inside
/// spans (sent as JSON records carrying the span ids, with the times they were written).
/// </summary>
public sealed class SampleTraces : IDisposable
{
    public const string Hostile = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";

    private static readonly string[] Services = ["web", "checkout", "inventory", "recommender"];
    private readonly Dictionary<string, (TracerProvider Provider, ActivitySource Source)> _services = [];
    private readonly Uri _baseAddress;
    private readonly string _apiKey;

    public SampleTraces(Uri baseAddress, string apiKey, string suffix)
    {
        _baseAddress = baseAddress;
        _apiKey = apiKey;
        foreach (var service in Services)
        {
            var source = new ActivitySource($"Sample.{service}.{suffix}");
            var provider = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService($"{service}-{suffix}", serviceVersion: "2.1.0"))
                .AddSource(source.Name)
                .AddOtlpExporter(o =>
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = new Uri(baseAddress, "/v1/traces");
                    o.Headers = $"x-api-key={apiKey}";
                    o.ExportProcessorType = ExportProcessorType.Batch;
                    o.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions { MaxQueueSize = 100_000, MaxExportBatchSize = 2048, ScheduledDelayMilliseconds = 200 };
                })
                .Build();
            _services[service] = (provider, source);
        }
    }

    public string ServiceName(string service, string suffix) => $"{service}-{suffix}";

    /// <summary>
    /// One checkout trace started <paramref name="ago"/> before now, with <paramref name="items"/> inventory lookups
    /// (each a lookup and a query span: a trace of about 2 × items + 12 spans), slower when <paramref name="slow"/>.
    /// Returns the trace id and the id of the LLM span.
    /// </summary>
    public async Task<(string TraceId, string LlmSpanId, string FailedSpanId)> SendCheckoutAsync(int items, bool slow, TimeSpan ago, bool fail = true)
    {
        var start = DateTimeOffset.UtcNow - ago;
        var logs = new List<object>();
        string traceId, llmSpanId, failedSpanId;
        var stretch = slow ? 3.0 : 1.0;
        DateTimeOffset At(double ms) => start.AddMilliseconds(ms * stretch);

        using (var root = Start("web", "POST /checkout", ActivityKind.Server, default, At(0))!)
        {
            traceId = root.TraceId.ToHexString();
            root.SetTag("http.request.method", "POST");
            root.SetTag("http.route", "/checkout");
            root.SetTag("http.response.status_code", fail ? 502 : 200);
            Log(logs, root, At(1), "information", "Checkout started for cart {0}", "cart-42");

            var t = 3.0;
            using (var handler = Start("checkout", "PlaceOrder", ActivityKind.Server, root.Context, At(2))!)
            {
                handler.SetTag("order.items", items);
                for (var i = 0; i < items; i++)
                {
                    using var lookup = Start("inventory", "GetStock", ActivityKind.Server, handler.Context, At(t))!;
                    lookup.SetTag("sku", $"SKU-{i:D4}");
                    using (var query = Start("inventory", "SELECT stock", ActivityKind.Client, lookup.Context, At(t + 0.2))!)
                    {
                        query.SetTag("db.system.name", "postgresql");
                        query.SetTag("db.query.text", "SELECT qty FROM stock WHERE sku = $1");
                        query.SetEndTime(At(t + 0.9).UtcDateTime);
                    }
                    lookup.SetEndTime(At(t + 1.0).UtcDateTime);
                    t += 1.1;
                }

                using (var recommend = Start("recommender", "recommend", ActivityKind.Server, handler.Context, At(t))!)
                {
                    using (var retrieve = Start("recommender", "retrieve similar products", ActivityKind.Internal, recommend.Context, At(t + 2))!)
                    {
                        retrieve.SetTag("openinference.span.kind", "RETRIEVER");
                        retrieve.SetTag("input.value", "garden chairs");
                        retrieve.SetTag("retrieval.documents.0.document.id", "p-17");
                        retrieve.SetTag("retrieval.documents.0.document.content", "Teak garden chair");
                        retrieve.SetEndTime(At(t + 40).UtcDateTime);
                    }
                    using (var llm = Start("recommender", "chat gpt-4o", ActivityKind.Client, recommend.Context, At(t + 42))!)
                    {
                        llmSpanId = llm.SpanId.ToHexString();
                        llm.SetTag("gen_ai.operation.name", "chat");
                        llm.SetTag("gen_ai.provider.name", "openai");
                        llm.SetTag("gen_ai.request.model", "gpt-4o");
                        llm.SetTag("gen_ai.response.model", "gpt-4o-2024-08-06");
                        llm.SetTag("gen_ai.usage.input_tokens", 1200);
                        llm.SetTag("gen_ai.usage.output_tokens", 300);
                        llm.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
                        llm.SetTag("gen_ai.system_instructions", """[{"type":"text","content":"You recommend products. Answer in one sentence."}]""");
                        llm.SetTag("gen_ai.input.messages",
                            $$"""[{"role":"user","parts":[{"type":"text","content":"What goes with a garden chair? {{Escape(Hostile)}}"}]}]""");
                        llm.SetTag("gen_ai.output.messages",
                            """[{"role":"assistant","parts":[{"type":"text","content":"A teak side table matches the chair."}],"finish_reason":"stop"}]""");
                        Log(logs, llm, At(t + 45), "debug", "Prompt sent to {0}", "gpt-4o");
                        llm.SetEndTime(At(t + 400).UtcDateTime);
                    }
                    recommend.SetEndTime(At(t + 410).UtcDateTime);
                    t += 412;
                }

                using (var pay = Start("checkout", "charge card", ActivityKind.Client, handler.Context, At(t))!)
                {
                    failedSpanId = pay.SpanId.ToHexString();
                    pay.SetTag("payment.provider", "acme-pay");
                    pay.SetTag("payment.note", Hostile);
                    pay.AddEvent(new ActivityEvent("retry", At(t + 20), new ActivityTagsCollection { ["attempt"] = 2 }));
                    if (fail)
                    {
                        pay.AddException(new InvalidOperationException("card declined by issuer"), timestamp: At(t + 60));
                        pay.SetStatus(ActivityStatusCode.Error, "card declined");
                        Log(logs, pay, At(t + 61), "error", "Payment failed: {0}", "card declined");
                    }
                    pay.SetEndTime(At(t + 80).UtcDateTime);
                    t += 82;
                }
                handler.SetEndTime(At(t).UtcDateTime);
            }
            root.SetEndTime(At(t + 2).UtcDateTime);
        }

        using var client = new HttpClient { BaseAddress = _baseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", _apiKey);
        using var response = await client.PostAsync("/api/logs", JsonContent.Create(logs));
        response.EnsureSuccessStatusCode();
        return (traceId, llmSpanId, failedSpanId);
    }

    public void Flush()
    {
        foreach (var (provider, _) in _services.Values) Assert.True(provider.ForceFlush(30_000), "the exporter did not flush");
    }

    private Activity? Start(string service, string name, ActivityKind kind, ActivityContext parent, DateTimeOffset start) =>
        _services[service].Source.StartActivity(name, kind, parent, startTime: start);

    private static void Log(List<object> logs, Activity span, DateTimeOffset at, string level, string format, string value) => logs.Add(new Dictionary<string, object?>
    {
        ["timestamp"] = at.ToString("O"),
        ["level"] = level,
        ["message"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value),
        ["source"] = "sample-app",
        ["trace_id"] = span.TraceId.ToHexString(),
        ["span_id"] = span.SpanId.ToHexString(),
    });

    private static string Escape(string text) => System.Text.Json.JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    public void Dispose()
    {
        foreach (var (provider, source) in _services.Values)
        {
            provider.Dispose();
            source.Dispose();
        }
    }
}
