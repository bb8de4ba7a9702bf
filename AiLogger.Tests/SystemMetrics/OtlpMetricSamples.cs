using System.Text.Json;
using System.Text.RegularExpressions;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Resource;
using Google.Protobuf;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>
/// One request with every OTLP metric type, three ways: as a protobuf message, as OTLP JSON (camelCase, with
/// fixed64 both as strings and as numbers) and as the points it must decode to, written out by hand.
/// </summary>
internal static partial class OtlpMetricSamples
{
    // 2025-12-01T12:00:00Z and one minute before it, in Unix nanoseconds.
    public const ulong Time = 1_764_590_400_000_000_000;
    public const ulong Start = Time - 60_000_000_000;
    public const string TraceId = "5b8efff798038103d269b633813fc60c";
    public const string SpanId = "eee19b7ec3c1b174";

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static ExportMetricsServiceRequest Request()
    {
        var scope = new Wire.ScopeMetrics { Scope = new InstrumentationScope { Name = "shop.meter", Version = "1.0" } };

        var temperature = new Wire.Gauge();
        temperature.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Time, AsDouble = 71.5, Attributes = { Attribute("gpu", "0") } });
        // The series went stale: no value, only the flag.
        temperature.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Time + 10_000_000_000, Flags = 1, Attributes = { Attribute("gpu", "0") } });
        scope.Metrics.Add(new Wire.Metric { Name = "gpu.temperature", Unit = "Cel", Description = "GPU die temperature", Gauge = temperature });

        var requests = new Wire.Sum { AggregationTemporality = Wire.AggregationTemporality.Cumulative, IsMonotonic = true };
        // Attributes out of order on purpose: the point's JSON has them sorted.
        requests.DataPoints.Add(new Wire.NumberDataPoint
        {
            StartTimeUnixNano = Start, TimeUnixNano = Time, AsInt = 42, Attributes = { Attribute("route", "/cart"), Attribute("method", "GET") },
        });
        scope.Metrics.Add(new Wire.Metric { Name = "http.requests", Unit = "{request}", Sum = requests });

        var depth = new Wire.Sum { AggregationTemporality = Wire.AggregationTemporality.Delta, IsMonotonic = false };
        depth.DataPoints.Add(new Wire.NumberDataPoint { StartTimeUnixNano = Start, TimeUnixNano = Time, AsDouble = -3 });
        scope.Metrics.Add(new Wire.Metric { Name = "queue.depth", Sum = depth });

        var duration = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        var histogramPoint = new Wire.HistogramDataPoint
        {
            StartTimeUnixNano = Start, TimeUnixNano = Time, Count = 6, Sum = 2.5, Min = 0.05, Max = 1.5,
            ExplicitBounds = { 0.1, 0.5, 1 }, BucketCounts = { 1, 2, 2, 1 }, Attributes = { Attribute("route", "/cart") },
        };
        histogramPoint.Exemplars.Add(new Wire.Exemplar
        {
            TimeUnixNano = Time - 1_000_000_000, AsDouble = 1.5,
            TraceId = ByteString.CopyFrom(Convert.FromHexString(TraceId)), SpanId = ByteString.CopyFrom(Convert.FromHexString(SpanId)),
            FilteredAttributes = { Attribute("user", "u1") },
        });
        duration.DataPoints.Add(histogramPoint);
        scope.Metrics.Add(new Wire.Metric { Name = "http.server.duration", Unit = "s", Histogram = duration });

        var latency = new Wire.ExponentialHistogram { AggregationTemporality = Wire.AggregationTemporality.Cumulative };
        var exponentialPoint = new Wire.ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = Start, TimeUnixNano = Time, Count = 8, Sum = 12.25, Min = -40, Max = 9,
            Scale = 3, ZeroCount = 1, ZeroThreshold = 0.001,
            Positive = new Wire.ExponentialHistogramDataPoint.Types.Buckets { Offset = -2, BucketCounts = { 1, 0, 4 } },
            Negative = new Wire.ExponentialHistogramDataPoint.Types.Buckets { Offset = 5, BucketCounts = { 2 } },
        };
        exponentialPoint.Exemplars.Add(new Wire.Exemplar { TimeUnixNano = Time - 2_000_000_000, AsInt = 9 });
        latency.DataPoints.Add(exponentialPoint);
        scope.Metrics.Add(new Wire.Metric { Name = "llm.latency", Unit = "ms", ExponentialHistogram = latency });

        var rpc = new Wire.Summary();
        rpc.DataPoints.Add(new Wire.SummaryDataPoint
        {
            StartTimeUnixNano = Start, TimeUnixNano = Time, Count = 10, Sum = 55,
            QuantileValues =
            {
                new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0, Value = 1 },
                new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 5 },
                new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 1, Value = 10 },
            },
        });
        scope.Metrics.Add(new Wire.Metric { Name = "rpc.duration", Unit = "ms", Summary = rpc });

        var resource = new Wire.ResourceMetrics
        {
            Resource = new Resource { Attributes = { Attribute("service.name", "checkout"), Attribute("host.name", "node-7"), Attribute("deployment.environment", "prod") } },
        };
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    /// <summary>The same request as OTLP JSON: hex ids, fixed64 as strings here and as numbers there, sint32 negatives, integer enums.</summary>
    public const string Json = """
        {"resourceMetrics":[{"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"checkout"}},{"key":"host.name","value":{"stringValue":"node-7"}},
            {"key":"deployment.environment","value":{"stringValue":"prod"}}]},
          "scopeMetrics":[{"scope":{"name":"shop.meter","version":"1.0"},"metrics":[
            {"name":"gpu.temperature","unit":"Cel","description":"GPU die temperature","gauge":{"dataPoints":[
              {"attributes":[{"key":"gpu","value":{"stringValue":"0"}}],"timeUnixNano":"1764590400000000000","asDouble":71.5},
              {"attributes":[{"key":"gpu","value":{"stringValue":"0"}}],"timeUnixNano":"1764590410000000000","flags":1}]}},
            {"name":"http.requests","unit":"{request}","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
              {"attributes":[{"key":"route","value":{"stringValue":"/cart"}},{"key":"method","value":{"stringValue":"GET"}}],
               "startTimeUnixNano":"1764590340000000000","timeUnixNano":"1764590400000000000","asInt":"42"}]}},
            {"name":"queue.depth","sum":{"aggregationTemporality":1,"isMonotonic":false,"dataPoints":[
              {"startTimeUnixNano":1764590340000000000,"timeUnixNano":1764590400000000000,"asDouble":-3}]}},
            {"name":"http.server.duration","unit":"s","histogram":{"aggregationTemporality":1,"dataPoints":[
              {"attributes":[{"key":"route","value":{"stringValue":"/cart"}}],
               "startTimeUnixNano":"1764590340000000000","timeUnixNano":"1764590400000000000",
               "count":"6","sum":2.5,"min":0.05,"max":1.5,"explicitBounds":[0.1,0.5,1],"bucketCounts":["1",2,"2","1"],
               "exemplars":[{"timeUnixNano":"1764590399000000000","asDouble":1.5,
                 "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                 "filteredAttributes":[{"key":"user","value":{"stringValue":"u1"}}]}]}]}},
            {"name":"llm.latency","unit":"ms","exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[
              {"startTimeUnixNano":"1764590340000000000","timeUnixNano":"1764590400000000000",
               "count":8,"sum":12.25,"min":-40,"max":9,"scale":3,"zeroCount":"1","zeroThreshold":0.001,
               "positive":{"offset":-2,"bucketCounts":["1","0","4"]},"negative":{"offset":5,"bucketCounts":[2]},
               "exemplars":[{"timeUnixNano":"1764590398000000000","asInt":"9"}]}]}},
            {"name":"rpc.duration","unit":"ms","summary":{"dataPoints":[
              {"startTimeUnixNano":"1764590340000000000","timeUnixNano":"1764590400000000000","count":"10","sum":55,
               "quantileValues":[{"quantile":0,"value":1},{"quantile":0.5,"value":5},{"quantile":1,"value":10}]}]}}
          ]}]}]}
        """;

    /// <summary>The JSON with every key in snake_case (protobuf's original field names), which OTLP receivers must accept too.</summary>
    public static string SnakeCase(string json) =>
        CamelKey().Replace(json, m => "\"" + string.Concat(m.Groups[1].Value.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())) + "\":");

    [GeneratedRegex("\"([a-z]+[A-Z][A-Za-z]*)\":")]
    private static partial Regex CamelKey();

    private const string ResourceJson = """{"deployment.environment":"prod","host.name":"node-7","service.name":"checkout"}""";

    /// <summary>What <see cref="Request"/> decodes to, worked out by hand from the values above.</summary>
    public static IReadOnlyList<MetricPoint> Expected()
    {
        var common = new MetricPoint { Name = "", Service = "checkout", Host = "node-7", Scope = "shop.meter", ResourceJson = ResourceJson };
        return
        [
            common with
            {
                Name = "gpu.temperature", Unit = "Cel", Description = "GPU die temperature", Type = MetricType.Gauge,
                AttributesJson = """{"gpu":"0"}""", TimeUnixNano = (long)Time, Value = 71.5,
            },
            common with
            {
                Name = "gpu.temperature", Unit = "Cel", Description = "GPU die temperature", Type = MetricType.Gauge,
                AttributesJson = """{"gpu":"0"}""", TimeUnixNano = (long)Time + 10_000_000_000, NoRecordedValue = true,
            },
            common with
            {
                Name = "http.requests", Unit = "{request}", Type = MetricType.Sum, Temporality = AggregationTemporality.Cumulative, Monotonic = true,
                AttributesJson = """{"method":"GET","route":"/cart"}""", StartUnixNano = (long)Start, TimeUnixNano = (long)Time, Value = 42,
            },
            common with
            {
                Name = "queue.depth", Type = MetricType.Sum, Temporality = AggregationTemporality.Delta,
                StartUnixNano = (long)Start, TimeUnixNano = (long)Time, Value = -3,
            },
            common with
            {
                Name = "http.server.duration", Unit = "s", Type = MetricType.Histogram, Temporality = AggregationTemporality.Delta,
                AttributesJson = """{"route":"/cart"}""", StartUnixNano = (long)Start, TimeUnixNano = (long)Time,
                // 1 + 2 + 2 + 1 = 6 = count.
                Count = 6, Sum = 2.5, Min = 0.05, Max = 1.5, ExplicitBounds = [0.1, 0.5, 1], BucketCounts = [1, 2, 2, 1],
                Exemplars = [new MetricExemplar { TimeUnixNano = (long)Time - 1_000_000_000, Value = 1.5, TraceId = TraceId, SpanId = SpanId, AttributesJson = """{"user":"u1"}""" }],
            },
            common with
            {
                Name = "llm.latency", Unit = "ms", Type = MetricType.ExponentialHistogram, Temporality = AggregationTemporality.Cumulative,
                StartUnixNano = (long)Start, TimeUnixNano = (long)Time,
                // zero 1 + positive (1 + 0 + 4) + negative 2 = 8 = count.
                Count = 8, Sum = 12.25, Min = -40, Max = 9,
                Exponential = new ExponentialHistogram { Scale = 3, ZeroCount = 1, ZeroThreshold = 0.001, Positive = new ExponentialBuckets(-2, [1, 0, 4]), Negative = new ExponentialBuckets(5, [2]) },
                Exemplars = [new MetricExemplar { TimeUnixNano = (long)Time - 2_000_000_000, Value = 9 }],
            },
            common with
            {
                Name = "rpc.duration", Unit = "ms", Type = MetricType.Summary, StartUnixNano = (long)Start, TimeUnixNano = (long)Time,
                Count = 10, Sum = 55, Quantiles = [new SummaryQuantile(0, 1), new SummaryQuantile(0.5, 5), new SummaryQuantile(1, 10)],
            },
        ];
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every field of every point, lists included, as text: equal text is equal points (records compare lists by reference).</summary>
    public static string Describe(IEnumerable<MetricPoint> points) => JsonSerializer.Serialize(points, Indented);
}
