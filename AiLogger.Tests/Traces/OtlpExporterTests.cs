using System.Diagnostics;
using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Sinks.OpenTelemetry;

namespace AiLogger.Tests.Traces;

/// <summary>The real clients people point at AI-Logger: the OpenTelemetry .NET exporter (gRPC and HTTP/protobuf), Serilog's OpenTelemetry sink, Microsoft.Extensions.AI.</summary>
public sealed class OtlpExporterTests(OtlpAppFixture app) : IClassFixture<OtlpAppFixture>
{
    public static TheoryData<string> Protocols => new() { "grpc", "http" };

    private void Configure(OtlpExporterOptions o, string protocol, string signal)
    {
        o.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        o.Endpoint = protocol == "grpc" ? app.GrpcAddress : new Uri(app.BaseAddress, $"/v1/{signal}");
        o.Headers = $"x-api-key={AppFixture.AdminKey}";
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Spans_from_the_OpenTelemetry_exporter_are_stored_with_their_tree_attributes_events_and_status(string protocol)
    {
        using var source = new ActivitySource($"AiLogger.Tests.Checkout.{protocol}");
        string traceId, rootId, childId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService($"checkout-{protocol}", serviceVersion: "1.4.2"))
                   .AddSource(source.Name)
                   .AddOtlpExporter(o => Configure(o, protocol, "traces"))
                   .Build())
        {
            using (var root = source.StartActivity("POST /checkout", ActivityKind.Server)!)
            {
                root.SetTag("http.route", "/checkout");
                root.SetTag("http.response.status_code", 502);
                traceId = root.TraceId.ToHexString();
                rootId = root.SpanId.ToHexString();
                using (var child = source.StartActivity("charge card", ActivityKind.Client)!)
                {
                    childId = child.SpanId.ToHexString();
                    child.SetTag("payment.amount", 12.5);
                    child.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = 2 }));
                    child.SetStatus(ActivityStatusCode.Error, "card declined");
                }
            }
            Assert.True(provider.ForceFlush(10_000), "the exporter did not flush");
        }

        var trace = await app.WaitForTraceAsync(traceId, 2);
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("spanId").GetString()!);
        Assert.Equal(2, spans.Count);
        var rootSpan = spans[rootId];
        Assert.Equal("POST /checkout", rootSpan.GetProperty("name").GetString());
        Assert.Equal("server", rootSpan.GetProperty("kind").GetString());
        Assert.Equal($"checkout-{protocol}", rootSpan.GetProperty("service").GetString());
        Assert.Equal(JsonValueKind.Null, rootSpan.GetProperty("parentSpanId").ValueKind);
        Assert.Equal("/checkout", rootSpan.GetProperty("attributes").GetProperty("http.route").GetString());
        Assert.Equal(502, rootSpan.GetProperty("attributes").GetProperty("http.response.status_code").GetInt32());
        Assert.Equal("1.4.2", rootSpan.GetProperty("resource").GetProperty("service.version").GetString());

        var childSpan = spans[childId];
        Assert.Equal(rootId, childSpan.GetProperty("parentSpanId").GetString());
        Assert.Equal("client", childSpan.GetProperty("kind").GetString());
        Assert.Equal("error", childSpan.GetProperty("status").GetString());
        Assert.Equal("card declined", childSpan.GetProperty("statusMessage").GetString());
        Assert.Equal(12.5, childSpan.GetProperty("attributes").GetProperty("payment.amount").GetDouble());
        var retry = Assert.Single(childSpan.GetProperty("events").EnumerateArray());
        Assert.Equal("retry", retry.GetProperty("name").GetString());
        Assert.Equal(2, retry.GetProperty("attributes").GetProperty("attempt").GetInt32());
        Assert.True(childSpan.GetProperty("durationMs").GetDouble() >= 0);

        // The summary the list shows, and the trace query language over spans.
        using var client = app.CreateClient(AppFixture.AdminKey);
        var list = await (await client.GetAsync($"/api/traces?q={Uri.EscapeDataString($"service:checkout-{protocol} status:error")}")).ReadJsonAsync();
        var row = Assert.Single(list.GetProperty("traces").EnumerateArray(), t => t.GetProperty("traceId").GetString() == traceId);
        Assert.Equal("POST /checkout", row.GetProperty("rootName").GetString());
        Assert.Equal(2, row.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, row.GetProperty("errorCount").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Logs_from_the_OpenTelemetry_logging_provider_become_events_with_template_level_exception_and_trace(string protocol)
    {
        using var source = new ActivitySource($"AiLogger.Tests.Billing.{protocol}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var payment = $"p-{protocol}-{Guid.NewGuid():N}";
        string traceId;
        using (var factory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService($"billing-{protocol}"));
                   o.AddOtlpExporter(e => Configure(e, protocol, "logs"));
               })))
        {
            var logger = factory.CreateLogger("Billing.Payments");
            using (var activity = source.StartActivity("pay")!)
            {
                traceId = activity.TraceId.ToHexString();
                logger.LogError(new InvalidOperationException("card declined"), "Payment {PaymentId} failed after {Attempts} attempts", payment, 3);
            }
        }

        var e = Assert.Single(await app.WaitForEventsAsync($"PaymentId:{payment}"));
        Assert.Equal($"Payment {payment} failed after 3 attempts", e.GetProperty("message").GetString());
        Assert.Equal("Payment {PaymentId} failed after {Attempts} attempts", e.GetProperty("messageTemplate").GetString());
        Assert.Equal("Error", e.GetProperty("level").GetString());
        Assert.Equal($"billing-{protocol}", e.GetProperty("source").GetString());
        Assert.Equal(traceId, e.GetProperty("traceId").GetString());
        Assert.Contains("card declined", e.GetProperty("exception").GetString());
        Assert.Contains("InvalidOperationException", e.GetProperty("exception").GetString());
        Assert.Equal(3, e.GetProperty("properties").GetProperty("Attempts").GetInt32());

        // Searchable like any event, and the trace shows the log line beside its (absent) spans.
        var trace = await app.WaitForTraceAsync(traceId, 0);
        Assert.Single(trace.GetProperty("logs").EnumerateArray());
    }

    [Fact]
    public async Task Serilog_events_sent_through_its_OpenTelemetry_sink_are_stored_with_their_properties()
    {
        var disk = $"/data/{Guid.NewGuid():N}";
        using (var log = new LoggerConfiguration()
                   .WriteTo.OpenTelemetry(o =>
                   {
                       o.Endpoint = new Uri(app.BaseAddress, "/v1/logs").ToString();
                       o.Protocol = OtlpProtocol.HttpProtobuf;
                       o.Headers = new Dictionary<string, string> { ["x-api-key"] = AppFixture.AdminKey };
                       o.ResourceAttributes = new Dictionary<string, object> { ["service.name"] = "serilog-app" };
                   })
                   .CreateLogger())
        {
            log.Warning("Disk {Disk} is {Percent}% full", disk, 93);
        }

        var e = Assert.Single(await app.WaitForEventsAsync($"Disk:\"{disk}\""));
        Assert.Equal("Warning", e.GetProperty("level").GetString());
        Assert.Equal("serilog-app", e.GetProperty("source").GetString());
        Assert.Contains("93% full", e.GetProperty("message").GetString());
        Assert.Equal(93, e.GetProperty("properties").GetProperty("Percent").GetInt32());
        Assert.Equal("Disk {Disk} is {Percent}% full", e.GetProperty("messageTemplate").GetString());
    }

    [Fact]
    public async Task GenAI_spans_from_Microsoft_Extensions_AI_keep_model_tokens_and_messages()
    {
        const string sourceName = "AiLogger.Tests.GenAi";
        string traceId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("assistant"))
                   .AddSource(sourceName)
                   .AddOtlpExporter(o => Configure(o, "grpc", "traces"))
                   .Build())
        {
            using var chat = new ChatClientBuilder(new FakeChatClient())
                .UseOpenTelemetry(sourceName: sourceName, configure: c => c.EnableSensitiveData = true)
                .Build();
            using var outer = new ActivitySource(sourceName);
            using (var request = outer.StartActivity("answer question")!)
            {
                traceId = request.TraceId.ToHexString();
                var response = await chat.GetResponseAsync("What is the capital of France?", new ChatOptions { ModelId = "gpt-4o-mini" });
                Assert.Equal("Paris.", response.Text);
            }
            Assert.True(provider.ForceFlush(10_000));
        }

        var trace = await app.WaitForTraceAsync(traceId, 2);
        var span = Assert.Single(trace.GetProperty("spans").EnumerateArray(), s => s.GetProperty("name").GetString() == "chat gpt-4o-mini");
        var attributes = span.GetProperty("attributes");
        Assert.Equal("chat", attributes.GetProperty("gen_ai.operation.name").GetString());
        Assert.Equal("gpt-4o-mini", attributes.GetProperty("gen_ai.request.model").GetString());
        Assert.Equal(12, attributes.GetProperty("gen_ai.usage.input_tokens").GetInt32());
        Assert.Equal(3, attributes.GetProperty("gen_ai.usage.output_tokens").GetInt32());
        Assert.Contains("capital of France", span.GetRawText());
        Assert.Contains("Paris.", span.GetRawText());
        Assert.Equal(12, span.GetProperty("genAi").GetProperty("inputTokens").GetInt64());

        using var client = app.CreateClient(AppFixture.AdminKey);
        var list = await (await client.GetAsync("/api/traces?q=has:gen_ai%20gen_ai.request.model:gpt-4o*")).ReadJsonAsync();
        var row = Assert.Single(list.GetProperty("traces").EnumerateArray(), t => t.GetProperty("traceId").GetString() == traceId);
        Assert.Equal("answer question", row.GetProperty("rootName").GetString());
        Assert.Equal(12, row.GetProperty("genAi").GetProperty("inputTokens").GetInt64());
        Assert.Equal(3, row.GetProperty("genAi").GetProperty("outputTokens").GetInt64());
        Assert.Contains("gpt-4o-mini", row.GetProperty("genAi").GetProperty("models").EnumerateArray().Select(m => m.GetString()));
    }

    private sealed class FakeChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Paris."))
            {
                ModelId = "gpt-4o-mini",
                Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 3, TotalTokenCount = 15 },
                FinishReason = ChatFinishReason.Stop,
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("https://llm.example/v1"), "gpt-4o-mini") : null;

        public void Dispose()
        {
        }
    }
}
