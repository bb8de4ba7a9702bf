using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Logs;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Trace;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Resource;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Trace;
using AiLogger.Tests.Support;
using Google.Protobuf;
using Grpc.Core;

namespace AiLogger.Tests.Traces;

/// <summary>Raw OTLP bodies, good and hostile, over HTTP (protobuf and JSON) and gRPC.</summary>
public sealed class OtlpHttpTests(OtlpAppFixture app) : IClassFixture<OtlpAppFixture>
{
    private static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    private static string NewSpanId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);

    private static string JsonTraces(string traceId, string spanId, string extra = "") => """
        {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
          "scopeSpans":[{"scope":{"name":"raw"},"spans":[{"traceId":"__TRACE__","spanId":"__SPAN__","name":"GET /items",
            "kind":2,"startTimeUnixNano":"1764590400000000000","end_time_unix_nano":"1764590400250000000",
            "attributes":[{"key":"http.route","value":{"stringValue":"/items"}},{"key":"items","value":{"intValue":"42"}},
              {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"boolValue":true}]}}}__EXTRA__],
            "status":{"code":2,"message":"boom"}}]}]}]}
        """.Replace("__TRACE__", traceId).Replace("__SPAN__", spanId).Replace("__EXTRA__", extra);

    [Fact]
    public async Task OTLP_JSON_with_hex_ids_snake_case_keys_and_int64_strings_is_stored_and_answered_in_JSON()
    {
        var traceId = NewTraceId();
        var spanId = NewSpanId();
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsync("/v1/traces", new StringContent(JsonTraces(traceId, spanId), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", (await response.Content.ReadAsStringAsync()).Replace(" ", ""));

        var span = Assert.Single((await app.WaitForTraceAsync(traceId, 1)).GetProperty("spans").EnumerateArray());
        Assert.Equal(spanId, span.GetProperty("spanId").GetString());
        Assert.Equal("json-svc", span.GetProperty("service").GetString());
        Assert.Equal(250, span.GetProperty("durationMs").GetDouble());
        Assert.Equal(42, span.GetProperty("attributes").GetProperty("items").GetInt64());
        Assert.Equal("[\"a\",true]", span.GetProperty("attributes").GetProperty("tags").GetRawText());
        Assert.Equal("error", span.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 12, 0, 0, TimeSpan.Zero), span.GetProperty("startTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Gzip_protobuf_under_the_Seq_prefix_is_answered_in_protobuf()
    {
        var traceId = NewTraceId();
        var request = Request(traceId, NewSpanId());
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(request.ToByteArray());
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsync("/ingest/otlp/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Single((await app.WaitForTraceAsync(traceId, 1)).GetProperty("spans").EnumerateArray());
    }

    [Fact]
    public async Task Logs_below_the_keys_minimum_level_are_answered_as_a_partial_success()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var created = await admin.PostJsonTextAsync("/api/keys", """{"name":"otlp-warnings","scopes":["ingest"],"minimumLevel":"Warning"}""");
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var key = (await created.ReadJsonAsync()).GetProperty("key").GetString()!;
        var marker = Guid.NewGuid().ToString("N");
        var body = $$$"""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[
              {"timeUnixNano":"1764590400000000000","severityNumber":9,"body":{"stringValue":"kept? no {{{marker}}}"},"attributes":[{"key":"Marker","value":{"stringValue":"{{{marker}}}"}}]},
              {"timeUnixNano":"1764590400000000000","severityNumber":17,"body":{"stringValue":"kept {{{marker}}}"},"attributes":[{"key":"Marker","value":{"stringValue":"{{{marker}}}"}}]}]}]}]}
            """;
        using var client = app.CreateClient(key);
        using var response = await client.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("1", answer.GetProperty("partialSuccess").GetProperty("rejectedLogRecords").GetString());
        Assert.Contains("minimum level", answer.GetProperty("partialSuccess").GetProperty("errorMessage").GetString());
        var stored = Assert.Single(await admin.SearchAllAsync($"Marker:{marker}"));
        Assert.Equal("Error", stored.GetProperty("level").GetString());
    }

    public static TheoryData<string, string, string, int, string> HostileHttpBodies()
    {
        var trace = NewTraceId();
        var span = NewSpanId();
        return new()
        {
            { "truncated protobuf", "application/x-protobuf", "truncated", 400, "not a valid OTLP protobuf message" },
            { "JSON with a wrong type", "application/json", """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"__T__","spanId":"__S__","name":{"x":1}}]}]}]}""", 400, "not valid OTLP JSON" },
            { "a bad trace id", "application/json", JsonTraces("zz" + trace[2..], span), 400, "resource_spans[0].scopeSpans[0].spans[0].traceId" },
            { "a 17-byte span id", "application/json", JsonTraces(trace, span + "0011223344556677ab"), 400, "spanId is 17 bytes" },
            { "a 20,000-deep attribute value (JSON)", "application/json", "deep-json", 400, "not valid JSON" },
            { "a 20,000-deep attribute value (protobuf)", "application/x-protobuf", "deep-protobuf", 400, "not a valid OTLP protobuf message" },
            { "gzip that is not gzip", "application/x-protobuf", "not-gzip", 400, "not valid gzip" },
            { "text/plain", "text/plain", "hello", 415, "application/x-protobuf or application/json" },
            { "an oversized body", "application/x-protobuf", "oversized", 413, "limit" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileHttpBodies))]
    public async Task Hostile_OTLP_HTTP_bodies_are_refused_with_a_message_and_nothing_is_stored(string what, string contentType, string body, int status, string message)
    {
        var traceId = NewTraceId();
        var spanId = NewSpanId();
        HttpContent content = body switch
        {
            "truncated" => new ByteArrayContent(Request(traceId, spanId).ToByteArray()[..^7]),
            "deep-json" => new StringContent(DeepJson(traceId, spanId, 20_000), Encoding.UTF8),
            "deep-protobuf" => new ByteArrayContent(DeepProtobuf(traceId, spanId, 20_000)),
            "not-gzip" => new ByteArrayContent(Request(traceId, spanId).ToByteArray()),
            "oversized" => new ByteArrayContent(new byte[11 * 1024 * 1024]),
            _ => new StringContent(body.Replace("__T__", traceId).Replace("__S__", spanId), Encoding.UTF8),
        };
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (body == "not-gzip") content.Headers.ContentEncoding.Add("gzip");
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsync("/v1/traces", content);
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var error = contentType == "application/x-protobuf"
            ? AiLogger.Infrastructure.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message
            : await response.ErrorMessageAsync();
        Assert.Contains(message, error);

        // Nothing of it stored, and the server still serves.
        using var check = await client.GetAsync($"/api/traces/{traceId}");
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_request_with_one_bad_span_stores_none_of_its_good_ones()
    {
        var traceId = NewTraceId();
        var request = Request(traceId, NewSpanId());
        request.ResourceSpans[0].ScopeSpans[0].Spans.Add(new Span { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = Bytes(NewSpanId()), Name = "zero trace id" });
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.PostAsync("/v1/traces", OtlpAppFixture.Protobuf(request));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = AiLogger.Infrastructure.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, status.Code);
        Assert.Contains("spans[1].traceId is all zeros", status.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/traces/{traceId}")).StatusCode);
    }

    [Theory]
    [InlineData(null, 401, "API key is required")]
    [InlineData("wrong-key-0123456789", 401, "unknown or has been revoked")]
    public async Task A_missing_or_wrong_key_is_refused_in_the_OTLP_error_shape(string? key, int status, string message)
    {
        using var client = app.CreateClient(key);
        using var response = await client.PostAsync("/v1/logs", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task A_read_only_key_may_not_export()
    {
        using var admin = app.CreateClient(AppFixture.AdminKey);
        using var created = await admin.PostJsonTextAsync("/api/keys", """{"name":"otlp-reader","scopes":["read"]}""");
        var key = (await created.ReadJsonAsync()).GetProperty("key").GetString()!;
        using var client = app.CreateClient(key);
        using var response = await client.PostAsync("/v1/traces", OtlpAppFixture.Protobuf(Request(NewTraceId(), NewSpanId())));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(7, AiLogger.Infrastructure.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Code);

        using var channel = app.CreateChannel();
        var grpc = new TraceService.TraceServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(Request(NewTraceId(), NewSpanId()), Headers(key)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    public static TheoryData<string, StatusCode, string> HostileGrpcRequests() => new()
    {
        { "bad span id", StatusCode.InvalidArgument, "spanId is 17 bytes" },
        { "deep attribute", StatusCode.Internal, "" },
        { "no key", StatusCode.Unauthenticated, "API key is required" },
        { "wrong key", StatusCode.Unauthenticated, "unknown or has been revoked" },
        { "oversized", StatusCode.ResourceExhausted, "" },
    };

    [Theory]
    [MemberData(nameof(HostileGrpcRequests))]
    public async Task Hostile_OTLP_gRPC_calls_get_a_gRPC_status_and_nothing_is_stored(string what, StatusCode code, string message)
    {
        var traceId = NewTraceId();
        var request = Request(traceId, NewSpanId());
        Metadata headers = Headers(AppFixture.AdminKey);
        switch (what)
        {
            case "bad span id":
                request.ResourceSpans[0].ScopeSpans[0].Spans[0].SpanId = ByteString.CopyFrom(new byte[17]);
                break;
            case "no key":
                headers = [];
                break;
            case "wrong key":
                headers = Headers("wrong-key-0123456789");
                break;
            case "oversized":
                request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(new KeyValue { Key = "blob", Value = new AnyValue { BytesValue = ByteString.CopyFrom(new byte[11 * 1024 * 1024]) } });
                break;
        }
        using var channel = app.CreateChannel();
        var client = new TraceService.TraceServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => what == "deep attribute"
            ? channel.CreateCallInvoker().AsyncUnaryCall(RawExport, null, new CallOptions(headers), DeepProtobuf(traceId, NewSpanId(), 20_000)).ResponseAsync
            : client.ExportAsync(request, headers).ResponseAsync);
        // A message nested past protobuf's limit fails in the server's own deserialiser, before AI-Logger sees it.
        if (what == "deep attribute")
        {
            Assert.Contains(error.StatusCode, new[] { StatusCode.Unknown, StatusCode.Internal, StatusCode.InvalidArgument });
            Assert.Contains("nesting", error.Status.Detail);
        }
        else
        {
            Assert.Equal(code, error.StatusCode);
        }
        Assert.Contains(message, error.Status.Detail);

        using var http = app.CreateClient(AppFixture.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/traces/{traceId}")).StatusCode);
        // The port still serves.
        var traceId2 = NewTraceId();
        await client.ExportAsync(Request(traceId2, NewSpanId()), Headers(AppFixture.AdminKey));
        Assert.Single((await app.WaitForTraceAsync(traceId2, 1)).GetProperty("spans").EnumerateArray());
    }

    [Fact]
    public async Task OTLP_gRPC_logs_are_stored_with_bearer_authorization()
    {
        var marker = Guid.NewGuid().ToString("N");
        var request = new ExportLogsServiceRequest();
        var resourceLogs = new AiLogger.Infrastructure.Ingest.Otlp.Proto.Logs.ResourceLogs { Resource = Resource("grpc-logs") };
        var scope = new AiLogger.Infrastructure.Ingest.Otlp.Proto.Logs.ScopeLogs();
        scope.LogRecords.Add(new AiLogger.Infrastructure.Ingest.Otlp.Proto.Logs.LogRecord
        {
            TimeUnixNano = 1_764_590_400_000_000_000,
            SeverityText = "WARN",
            Body = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "marker", Value = new AnyValue { StringValue = marker } } } } },
        });
        resourceLogs.ScopeLogs.Add(scope);
        request.ResourceLogs.Add(resourceLogs);
        using var channel = app.CreateChannel();
        var client = new LogsService.LogsServiceClient(channel);
        var response = await client.ExportAsync(request, new Metadata { { "authorization", $"Bearer {AppFixture.AdminKey}" } });
        Assert.Null(response.PartialSuccess);
        var e = Assert.Single(await app.WaitForEventsAsync(marker));
        Assert.Equal("Warning", e.GetProperty("level").GetString());
        Assert.Equal("grpc-logs", e.GetProperty("source").GetString());
        Assert.Contains(marker, e.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_trace_exported_as_OTLP_JSON_replays_into_the_receiver_unchanged()
    {
        var traceId = NewTraceId();
        var spanId = NewSpanId();
        using var client = app.CreateClient(AppFixture.AdminKey);
        (await client.PostAsync("/v1/traces", new StringContent(JsonTraces(traceId, spanId), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var original = (await app.WaitForTraceAsync(traceId, 1)).GetProperty("spans")[0];

        using var export = await client.GetAsync($"/api/traces/{traceId}/otlp");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var json = await export.Content.ReadAsStringAsync();
        var parsed = AiLogger.Infrastructure.Ingest.Otlp.OtlpJson.Parse(Encoding.UTF8.GetBytes(json), ExportTraceServiceRequest.Parser);
        var replayed = new AiLogger.Infrastructure.Ingest.Otlp.OtlpTraceReader().Read(parsed).Single();
        Assert.Equal(spanId, replayed.SpanId);
        Assert.Equal("GET /items", replayed.Name);
        Assert.Equal("json-svc", replayed.Service);
        Assert.Equal(original.GetProperty("attributes").GetRawText(), replayed.AttributesJson);
        Assert.Equal(AiLogger.Domain.Traces.SpanStatus.Error, replayed.Status);
        Assert.Equal(250, replayed.DurationMs);
    }

    [Fact]
    public async Task Logs_with_trace_and_span_ids_but_no_spans_form_a_tree()
    {
        var traceId = NewTraceId();
        string root = NewSpanId(), child = NewSpanId();
        var records = $$"""
            [{"ts":"2026-12-01T10:00:00Z","event":"request started","logger":"api","trace_id":"{{traceId}}","span_id":"{{root}}"},
             {"ts":"2026-12-01T10:00:01Z","event":"calling model","logger":"llm","trace_id":"{{traceId}}","span_id":"{{child}}","parent_span_id":"{{root}}"},
             {"ts":"2026-12-01T10:00:03Z","event":"model failed","level":"error","logger":"llm","trace_id":"{{traceId}}","span_id":"{{child}}","parent_span_id":"{{root}}"},
             {"ts":"2026-12-01T10:00:04Z","event":"request done","logger":"api","trace_id":"{{traceId}}","span_id":"{{root}}"}]
            """;
        using var client = app.CreateClient(AppFixture.AdminKey);
        (await client.PostJsonTextAsync("/api/ingest", records)).EnsureSuccessStatusCode();
        var trace = await (await client.GetAsync($"/api/traces/{traceId}")).ReadJsonAsync();
        Assert.True(trace.GetProperty("fromLogs").GetBoolean());
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("spanId").GetString()!);
        Assert.Equal("request started", spans[root].GetProperty("name").GetString());
        Assert.Equal(4000, spans[root].GetProperty("durationMs").GetDouble());
        Assert.Equal(root, spans[child].GetProperty("parentSpanId").GetString());
        Assert.Equal("error", spans[child].GetProperty("status").GetString());
        Assert.Equal(2000, spans[child].GetProperty("durationMs").GetDouble());
        Assert.Equal(4, trace.GetProperty("logs").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/traces/not-a-trace-id", 400, "not a trace id")]
    [InlineData("/api/traces/0123456789abcdef0123456789abcdef", 404, "No span or log event")]
    [InlineData("/api/traces?q=level:error", 400, "status:error")]
    [InlineData("/api/traces?q=duration>soon", 400, "duration")]
    [InlineData("/api/traces?limit=5000", 400, "limit")]
    [InlineData("/api/traces?before=xyz", 400, "before")]
    public async Task Bad_trace_reads_answer_a_message(string url, int status, string message)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.ErrorMessageAsync());
    }

    /// <summary>TraceService/Export with the body as bytes, to send what the message classes would refuse to build.</summary>
    private static readonly Method<byte[], byte[]> RawExport = new(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
        Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    private static Metadata Headers(string key) => new() { { "x-api-key", key } };

    private static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    private static Resource Resource(string service) => new() { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } } };

    internal static ExportTraceServiceRequest Request(string traceId, string spanId)
    {
        var request = new ExportTraceServiceRequest();
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "raw" } };
        scope.Spans.Add(new Span
        {
            TraceId = Bytes(traceId), SpanId = Bytes(spanId), Name = "raw span", Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1_764_590_400_000_000_000, EndTimeUnixNano = 1_764_590_400_100_000_000,
        });
        request.ResourceSpans.Add(new ResourceSpans { Resource = Resource("raw-svc"), ScopeSpans = { scope } });
        return request;
    }

    private static string DeepJson(string traceId, string spanId, int depth)
    {
        var value = new StringBuilder();
        for (var i = 0; i < depth; i++) value.Append("""{"kvlistValue":{"values":[{"key":"k","value":""");
        value.Append("""{"stringValue":"x"}""");
        for (var i = 0; i < depth; i++) value.Append("}]}}");
        return JsonTraces(traceId, spanId, $$""",{"key":"deep","value":{{value}}}""");
    }

    /// <summary>A span whose one attribute nests key-value lists <paramref name="depth"/> deep, encoded by hand (the library would refuse to build it).</summary>
    private static byte[] DeepProtobuf(string traceId, string spanId, int depth)
    {
        // AnyValue{string_value="x"} = field 1, wire type 2.
        var value = new byte[] { 0x0A, 0x01, (byte)'x' };
        for (var i = 0; i < depth; i++)
        {
            var keyValue = Concat(Field(1, "k"u8.ToArray()), Field(2, value)); // KeyValue{key, value}
            var list = Field(1, keyValue); // KeyValueList{values}
            value = Field(6, list); // AnyValue{kvlist_value}
        }
        var request = Request(traceId, spanId);
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        var spanBytes = Concat(span.ToByteArray(), Field(9, Concat(Field(1, "deep"u8.ToArray()), Field(2, value))));
        var scope = Concat(Field(1, request.ResourceSpans[0].ScopeSpans[0].Scope.ToByteArray()), Field(2, spanBytes));
        var resourceSpans = Concat(Field(1, request.ResourceSpans[0].Resource.ToByteArray()), Field(2, scope));
        return Field(1, resourceSpans);
    }

    private static byte[] Field(int number, byte[] payload)
    {
        var header = new byte[16];
        var n = 0;
        header[n++] = (byte)(number << 3 | 2);
        for (var length = (uint)payload.Length; ; length >>= 7)
        {
            if (length < 0x80) { header[n++] = (byte)length; break; }
            header[n++] = (byte)(length & 0x7F | 0x80);
        }
        return Concat(header[..n], payload);
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var both = new byte[a.Length + b.Length];
        a.CopyTo(both, 0);
        b.CopyTo(both, a.Length);
        return both;
    }
}
