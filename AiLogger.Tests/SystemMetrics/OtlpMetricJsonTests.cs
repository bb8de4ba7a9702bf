using System.Text;
using AiLogger.Domain.Ingest;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Trace;
using static AiLogger.Tests.SystemMetrics.OtlpMetricSamples;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>The OTLP JSON encoding of metric requests: the same points as protobuf, and hostile bodies refused as trace JSON is.</summary>
public sealed class OtlpMetricJsonTests
{
    private static OtlpMetricResult ReadJson(string json) =>
        new OtlpMetricReader().Read(OtlpJson.Parse(Encoding.UTF8.GetBytes(json), ExportMetricsServiceRequest.Parser));

    private static IngestFormatException Refused<T>(string json, Google.Protobuf.MessageParser<T> parser) where T : Google.Protobuf.IMessage<T>, new() =>
        Assert.Throws<IngestFormatException>(() => OtlpJson.Parse(Encoding.UTF8.GetBytes(json), parser));

    [Fact]
    public void A_camelCase_JSON_request_with_every_metric_type_decodes_to_the_expected_points_exactly()
    {
        var result = ReadJson(Json);
        Assert.Equal(Describe(Expected()), Describe(result.Points));
        Assert.Equal(0, result.RejectedPoints);
        Assert.Null(result.Message);
    }

    [Fact]
    public void A_snake_case_JSON_request_decodes_to_the_same_points()
    {
        var snake = SnakeCase(Json);
        // The conversion really did rename the keys, ids and all.
        Assert.Contains("\"resource_metrics\":", snake);
        Assert.Contains("\"bucket_counts\":", snake);
        Assert.Contains("\"trace_id\":", snake);
        Assert.Contains("\"exponential_histogram\":", snake);
        Assert.DoesNotContain("Counts\":", snake);
        Assert.Equal(Describe(Expected()), Describe(ReadJson(snake).Points));
    }

    [Fact]
    public void JSON_and_protobuf_of_the_same_request_give_the_same_points()
    {
        var fromProtobuf = new OtlpMetricReader().Read(Request()).Points;
        Assert.Equal(Describe(fromProtobuf), Describe(ReadJson(Json).Points));
    }

    [Fact]
    public void An_unknown_integer_temporality_rejects_the_sums_points_not_the_request()
    {
        var json = """
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
              {"name":"odd","sum":{"aggregationTemporality":7,"isMonotonic":true,"dataPoints":[{"timeUnixNano":"1","asInt":"1"}]}},
              {"name":"fine","gauge":{"dataPoints":[{"timeUnixNano":"1","asInt":"-5"}]}}]}]}]}
            """;
        var result = ReadJson(json);
        Assert.Equal(-5, Assert.Single(result.Points).Value);
        Assert.Equal(1, result.RejectedPoints);
        Assert.Contains("metrics[0] ('odd'): the sum's aggregationTemporality is 7; it must be 1 (delta) or 2 (cumulative)", result.Message);
    }

    [Fact]
    public void An_exemplar_id_that_is_not_hex_refuses_the_request_naming_where_it_is()
    {
        var json = Json.Replace(TraceId, "zz" + TraceId[2..]);
        var error = Refused(json, ExportMetricsServiceRequest.Parser);
        Assert.Contains("resourceMetrics[0].scopeMetrics[0].metrics[3].histogram.dataPoints[0].exemplars[0].traceId is 'zz", error.Message);
        Assert.Contains("OTLP JSON ids are hex (32 hex characters)", error.Message);
    }

    [Fact]
    public void An_exemplar_id_of_the_wrong_length_rejects_only_its_point()
    {
        // Hex, so the encoding is fine; 5 bytes is a bad value, judged per point like every other.
        var result = ReadJson(Json.Replace(TraceId, "0102030405"));
        Assert.Equal(6, result.Points.Count);
        Assert.DoesNotContain(result.Points, p => p.Name == "http.server.duration");
        Assert.Equal(1, result.RejectedPoints);
        Assert.Contains("histogram.dataPoints[0]: exemplars[0].traceId is 5 bytes", result.Message);
    }

    private static string Nested(int depth) =>
        string.Concat(Enumerable.Repeat("""{"kvlistValue":{"values":[{"key":"k","value":""", depth)) + """{"stringValue":"x"}""" + string.Concat(Enumerable.Repeat("}]}}", depth));

    [Fact]
    public void Deep_nesting_is_refused_with_the_same_error_as_trace_JSON()
    {
        var deep = Nested(20_000);
        var metrics = Refused($$$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":1,"attributes":[{"key":"k","value":{{{deep}}}}]}]}}]}]}]}""", ExportMetricsServiceRequest.Parser);
        var traces = Refused($$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s","attributes":[{"key":"k","value":{{deep}}}]}]}]}]}""", ExportTraceServiceRequest.Parser);
        Assert.StartsWith("The body is not valid JSON: The maximum configured depth of 64 has been exceeded", metrics.Message);
        Assert.Equal(Reason(traces.Message), Reason(metrics.Message));

        // The byte position differs between the two bodies; the reason does not.
        static string Reason(string message) => message.Split(" BytePositionInLine:")[0];
    }

    /// <summary>Values of the wrong JSON type for their field, each in an otherwise good request.</summary>
    public static TheoryData<string, string> WrongTypes() => new()
    {
        { "a name that is an object", """{"name":{"x":1},"gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":1}]}}""" },
        { "a negative count", """{"name":"h","histogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"1","count":"-1"}]}}""" },
        { "a fractional count", """{"name":"h","histogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"1","count":1.5}]}}""" },
        { "a scale that is text", """{"name":"e","exponentialHistogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"1","scale":"big"}]}}""" },
        { "a scale past int32", """{"name":"e","exponentialHistogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"1","scale":4294967296}]}}""" },
        { "asInt that is a boolean", """{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"1","asInt":true}]}}""" },
        { "bucketCounts that is not an array", """{"name":"h","histogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"1","bucketCounts":"1,2"}]}}""" },
        { "a data point that is a number", """{"name":"g","gauge":{"dataPoints":[5]}}""" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void A_value_of_the_wrong_type_is_refused_with_the_same_error_as_trace_JSON(string what, string metric)
    {
        var error = Refused($$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{{metric}}]}]}]}""", ExportMetricsServiceRequest.Parser);
        // What trace JSON answers for its own wrong type (a span name that is an object).
        var traceError = Refused("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":{"x":1}}]}]}]}""", ExportTraceServiceRequest.Parser);
        const string prefix = "The body is not valid OTLP JSON: ";
        Assert.StartsWith(prefix, traceError.Message);
        Assert.True(error.Message.StartsWith(prefix, StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.True(error.Message.Length > prefix.Length, $"{what}: the error says what is wrong");
    }

    [Fact]
    public void A_huge_bucket_array_rejects_its_point_and_keeps_the_rest()
    {
        // 100,000 buckets fit a 10 MB body ("0," is 2 bytes); the per-side limit is 4,000.
        var buckets = string.Join(",", Enumerable.Repeat("0", 100_000));
        var json = $$$"""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
              {"name":"e","exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":"1","count":"0","positive":{"bucketCounts":[{{{buckets}}}]}}]}},
              {"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":3}]}}]}]}]}
            """;
        var result = ReadJson(json);
        Assert.Equal("g", Assert.Single(result.Points).Name);
        Assert.Equal(1, result.RejectedPoints);
        Assert.Contains("positive has 100,000 bucketCounts; at most 4,000 per side are accepted", result.Message);
    }

    [Fact]
    public void A_huge_array_of_points_is_cut_at_the_request_limit()
    {
        // 50,000 are read; the 10,000 after them are rejected unread.
        var points = string.Join(",", Enumerable.Range(0, 60_000).Select(i => $$"""{"timeUnixNano":"1","asInt":"{{i}}"}"""));
        var result = ReadJson($$$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":[{{{points}}}]}}]}]}]}""");
        Assert.Equal(OtlpMetricReader.DefaultMaxPointsPerRequest, result.Points.Count);
        Assert.Equal(49_999, result.Points[^1].Value);
        Assert.Equal(10_000, result.RejectedPoints);
        Assert.StartsWith("10,000 data point(s) rejected. 10,000 of them came past the first 50,000 of the request", result.Message);
    }

    [Fact]
    public void An_empty_body_is_an_empty_request()
    {
        var result = new OtlpMetricReader().Read(OtlpJson.Parse(ReadOnlySpan<byte>.Empty, ExportMetricsServiceRequest.Parser));
        Assert.Empty(result.Points);
        Assert.Equal(0, result.RejectedPoints);
    }
}
