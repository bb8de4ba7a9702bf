using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using Google.Protobuf;
using static AiLogger.Tests.SystemMetrics.OtlpMetricSamples;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>OTLP metric requests (protobuf) into points: every type, and every rule that rejects one point but keeps the rest.</summary>
public sealed class OtlpMetricReaderTests
{
    private static OtlpMetricResult Read(ExportMetricsServiceRequest request, int maxPoints = OtlpMetricReader.DefaultMaxPointsPerRequest) =>
        // Through the wire and back, as a receiver gets it.
        new OtlpMetricReader(maxPoints).Read(OtlpProtobuf.Parse(request.ToByteArray(), ExportMetricsServiceRequest.Parser));

    [Fact]
    public void A_protobuf_request_with_every_metric_type_decodes_to_the_expected_points_exactly()
    {
        var result = Read(Request());
        Assert.Equal(Describe(Expected()), Describe(result.Points));
        Assert.Equal(0, result.RejectedPoints);
        Assert.Null(result.Message);
        Assert.Null(OtlpPartialSuccess.Metrics(result));
    }

    [Fact]
    public void Service_host_and_scope_are_null_when_the_sender_gave_none()
    {
        var request = OneMetric(new Wire.Metric { Name = "up", Gauge = new Wire.Gauge { DataPoints = { Good(1) } } });
        request.ResourceMetrics[0].Resource = null;
        request.ResourceMetrics[0].ScopeMetrics[0].Scope = null;
        var point = Assert.Single(Read(request).Points);
        Assert.Null(point.Service);
        Assert.Null(point.Host);
        Assert.Null(point.Scope);
        Assert.Null(point.ResourceJson);
        Assert.Null(point.AttributesJson);
        Assert.Equal(1, point.Value);
    }

    [Fact]
    public void Points_with_the_same_attributes_in_another_order_get_the_same_attribute_text()
    {
        var gauge = new Wire.Gauge();
        gauge.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Time, AsDouble = 1, Attributes = { Attribute("state", "used"), Attribute("device", "sda") } });
        gauge.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Time, AsDouble = 2, Attributes = { Attribute("device", "sda"), Attribute("state", "used") } });
        var points = Read(OneMetric(new Wire.Metric { Name = "system.filesystem.usage", Gauge = gauge })).Points;
        Assert.Equal("""{"device":"sda","state":"used"}""", points[0].AttributesJson);
        Assert.Equal(points[0].AttributesJson, points[1].AttributesJson);
    }

    /// <summary>A point or metric that breaks one rule, the text its rejection must name, and how many points it costs.</summary>
    public static TheoryData<string, string, int> BadPoints() => new()
    {
        { "no name", "has no name; every metric needs one", 2 },
        { "no data", "has no data: none of gauge, sum, histogram, exponentialHistogram or summary", 1 },
        { "time 0", "gauge.dataPoints[1]: timeUnixNano is 0", 1 },
        { "no value", "gauge.dataPoints[1]: has neither asDouble nor asInt", 1 },
        { "NaN gauge", "gauge.dataPoints[1]: value is NaN; AI-Logger accepts finite numbers only", 1 },
        { "negative counter", "sum.dataPoints[0]: value is -1; a monotonic sum cannot be negative", 1 },
        { "unspecified temporality", "the sum's aggregationTemporality is 0; it must be 1 (delta) or 2 (cumulative)", 1 },
        { "bucket count length", "histogram.dataPoints[0]: has 2 bucketCounts; with 2 explicitBounds it needs 3 (or none)", 1 },
        { "bounds not ascending", "explicitBounds are not strictly ascending: [0] is 1, [1] is 1", 1 },
        { "NaN bound", "explicitBounds[1] is NaN; bounds are finite numbers", 1 },
        // Buckets 2 + 2 = 4 > count 3.
        { "count below buckets", "count is 3, less than the 4 its bucketCounts add up to", 1 },
        { "min above max", "min (5) is greater than max (1)", 1 },
        { "NaN sum", "sum is NaN; AI-Logger accepts finite numbers only", 1 },
        { "too many bounds", "has 1,001 explicitBounds; at most 1,000 are accepted", 1 },
        { "scale 21", "scale is 21; OTLP allows -10 to 20", 1 },
        { "scale -11", "scale is -11; OTLP allows -10 to 20", 1 },
        { "negative zero threshold", "zeroThreshold is -0.5; it must be a finite number, 0 or more", 1 },
        // Zero 2 + positive 3 + negative 1 = 6 > count 5.
        { "exponential count below buckets", "count is 5, less than the 6 its zeroCount and buckets add up to", 1 },
        { "too many exponential buckets", "negative has 4,001 bucketCounts; at most 4,000 per side are accepted", 1 },
        { "bucket index overflow", "positive.offset is 2147483647; with 2 buckets the last index is past 2147483647", 1 },
        { "count past int64", "count is 9223372036854775808; counts above 9223372036854775807 are not accepted", 1 },
        { "quantile above 1", "quantileValues[1].quantile is 1.5; quantiles are between 0 and 1", 1 },
        { "negative quantile value", "quantileValues[0].value is -2; OTLP summary values are finite and never negative", 1 },
        { "too many quantiles", "has 101 quantileValues; at most 100 are accepted", 1 },
        { "short exemplar trace id", "exemplars[0].traceId is 5 bytes; OTLP trace ids are 16 bytes (32 hex characters)", 1 },
        { "zero exemplar span id", "exemplars[0].spanId is all zeros, which OTLP defines as invalid", 1 },
        { "exemplar without value", "exemplars[0] has neither asDouble nor asInt", 1 },
    };

    [Theory]
    [MemberData(nameof(BadPoints))]
    public void A_point_that_breaks_a_rule_is_rejected_counted_and_named_and_the_rest_is_kept(string rule, string reason, int rejected)
    {
        var request = WithBadPoint(rule);
        var result = Read(request);

        // The good metric sent alongside is kept, and so are the bad metric's points that break nothing.
        Assert.Contains(result.Points, p => p is { Name: "good", Value: 7 });
        Assert.Equal(Math.Max(0, DataPoints(request.ResourceMetrics[0].ScopeMetrics[0].Metrics[1]) - rejected), result.Points.Count(p => p.Name != "good"));
        Assert.Equal(rejected, result.RejectedPoints);
        Assert.NotNull(result.Message);
        Assert.StartsWith($"{rejected} data point(s) rejected. resourceMetrics[0].scopeMetrics[0].metrics[1]", result.Message);
        Assert.Contains(reason, result.Message);

        var answer = OtlpPartialSuccess.Metrics(result)!;
        Assert.Equal(rejected, answer.RejectedDataPoints);
        Assert.Equal(result.Message, answer.ErrorMessage);
    }

    [Fact]
    public void A_metric_with_no_data_points_costs_nothing_but_is_mentioned()
    {
        var request = OneMetric(new Wire.Metric { Name = "good", Gauge = new Wire.Gauge { DataPoints = { Good(7) } } });
        request.ResourceMetrics[0].ScopeMetrics[0].Metrics.Add(new Wire.Metric { Name = "idle", Histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta } });
        var result = Read(request);
        Assert.Single(result.Points);
        Assert.Equal(0, result.RejectedPoints);
        Assert.Equal("resourceMetrics[0].scopeMetrics[0].metrics[1] ('idle'): its histogram has no data points.", result.Message);
        // OTLP's warning form: nothing rejected, a message all the same.
        Assert.Equal(0, OtlpPartialSuccess.Metrics(result)!.RejectedDataPoints);
    }

    [Fact]
    public void Points_past_the_request_limit_are_rejected_and_the_first_ones_kept()
    {
        var gauge = new Wire.Gauge();
        for (var i = 0; i < 5; i++) gauge.DataPoints.Add(Good(i));
        var result = Read(OneMetric(new Wire.Metric { Name = "good", Gauge = gauge }), maxPoints: 3);
        Assert.Equal([0d, 1, 2], result.Points.Select(p => p.Value!.Value));
        Assert.Equal(2, result.RejectedPoints);
        Assert.Equal("2 data point(s) rejected. 2 of them came past the first 3 of the request, which is as many as one request may carry: send smaller batches.", result.Message);
    }

    [Fact]
    public void Only_five_reasons_are_spelt_out_and_the_others_counted()
    {
        var gauge = new Wire.Gauge();
        // Seven points with time 0, then one good one.
        for (var i = 0; i < 7; i++) gauge.DataPoints.Add(new Wire.NumberDataPoint { AsDouble = i });
        gauge.DataPoints.Add(Good(7));
        var result = Read(OneMetric(new Wire.Metric { Name = "good", Gauge = gauge }));
        Assert.Single(result.Points);
        Assert.Equal(7, result.RejectedPoints);
        Assert.Equal(5, result.Message!.Split("timeUnixNano is 0").Length - 1);
        Assert.Contains("dataPoints[4]: timeUnixNano is 0", result.Message);
        Assert.DoesNotContain("dataPoints[5]", result.Message);
        Assert.EndsWith("; and 2 more.", result.Message);
    }

    [Fact]
    public void Exemplars_past_the_limit_are_dropped_and_said_but_the_point_is_kept()
    {
        var point = Good(7);
        for (var i = 0; i < OtlpMetricReader.MaxExemplarsPerPoint + 50; i++) point.Exemplars.Add(new Wire.Exemplar { TimeUnixNano = Time, AsDouble = i });
        var result = Read(OneMetric(new Wire.Metric { Name = "good", Gauge = new Wire.Gauge { DataPoints = { point } } }));
        var kept = Assert.Single(result.Points);
        Assert.Equal(100, kept.Exemplars.Count);
        Assert.Equal(99, kept.Exemplars[^1].Value);
        Assert.Equal(0, result.RejectedPoints);
        Assert.Equal("50 exemplar(s) past the first 100 of a point were dropped; the points were kept.", result.Message);
    }

    [Fact]
    public void A_flagged_point_keeps_its_attributes_and_times_and_no_value()
    {
        var histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Cumulative };
        // Flagged as no recorded value: the (nonsense) buckets are not read, so not refused either.
        histogram.DataPoints.Add(new Wire.HistogramDataPoint { StartTimeUnixNano = Start, TimeUnixNano = Time, Flags = 1, Count = 1, BucketCounts = { 5, 5 }, Attributes = { Attribute("a", "b") } });
        var point = Assert.Single(Read(OneMetric(new Wire.Metric { Name = "h", Histogram = histogram })).Points);
        Assert.True(point.NoRecordedValue);
        Assert.Equal(MetricType.Histogram, point.Type);
        Assert.Equal("""{"a":"b"}""", point.AttributesJson);
        Assert.Equal((long)Start, point.StartUnixNano);
        Assert.Null(point.Count);
        Assert.Null(point.BucketCounts);
    }

    [Fact]
    public void A_histogram_with_count_and_sum_only_has_no_buckets()
    {
        var histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        histogram.DataPoints.Add(new Wire.HistogramDataPoint { TimeUnixNano = Time, Count = 4, Sum = 10 });
        var point = Assert.Single(Read(OneMetric(new Wire.Metric { Name = "h", Histogram = histogram })).Points);
        Assert.Equal(4, point.Count);
        Assert.Equal(10, point.Sum);
        Assert.Null(point.Min);
        Assert.Null(point.ExplicitBounds);
        Assert.Null(point.BucketCounts);
    }

    private static int DataPoints(Wire.Metric metric) =>
        metric.Gauge?.DataPoints.Count ?? metric.Sum?.DataPoints.Count ?? metric.Histogram?.DataPoints.Count
        ?? metric.ExponentialHistogram?.DataPoints.Count ?? metric.Summary?.DataPoints.Count ?? 0;

    private static Wire.NumberDataPoint Good(double value) => new() { TimeUnixNano = Time, AsDouble = value };

    private static ExportMetricsServiceRequest OneMetric(Wire.Metric metric)
    {
        var scope = new Wire.ScopeMetrics { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Metrics.Add(metric);
        var resource = new Wire.ResourceMetrics { Resource = new() { Attributes = { Attribute("service.name", "svc") } } };
        resource.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resource } };
    }

    /// <summary>A good gauge "good" (value 7), then a metric "bad" that breaks <paramref name="rule"/> (its other points good but unnamed "bad" too).</summary>
    private static ExportMetricsServiceRequest WithBadPoint(string rule)
    {
        var request = OneMetric(new Wire.Metric { Name = "good", Gauge = new Wire.Gauge { DataPoints = { Good(7) } } });
        var bad = new Wire.Metric { Name = "bad" };
        var gauge = new Wire.Gauge { DataPoints = { Good(1) } };
        var counter = new Wire.Sum { AggregationTemporality = Wire.AggregationTemporality.Cumulative, IsMonotonic = true };
        var histogram = new Wire.Histogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        var h = new Wire.HistogramDataPoint { TimeUnixNano = Time, Count = 3, ExplicitBounds = { 1, 2 }, BucketCounts = { 1, 1, 1 } };
        histogram.DataPoints.Add(h);
        var exponential = new Wire.ExponentialHistogram { AggregationTemporality = Wire.AggregationTemporality.Delta };
        var e = new Wire.ExponentialHistogramDataPoint { TimeUnixNano = Time, Count = 5, ZeroCount = 2, Positive = new() { BucketCounts = { 1, 2 } }, Negative = new() };
        exponential.DataPoints.Add(e);
        var summary = new Wire.Summary();
        var q = new Wire.SummaryDataPoint
        {
            TimeUnixNano = Time, Count = 2, Sum = 3,
            QuantileValues = { new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0, Value = 1 }, new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 1, Value = 2 } },
        };
        summary.DataPoints.Add(q);
        switch (rule)
        {
            case "no name": bad.Name = ""; gauge.DataPoints.Add(Good(2)); bad.Gauge = gauge; break;
            case "no data": break;
            case "time 0": gauge.DataPoints.Add(new Wire.NumberDataPoint { AsDouble = 2 }); bad.Gauge = gauge; break;
            case "no value": gauge.DataPoints.Add(new Wire.NumberDataPoint { TimeUnixNano = Time }); bad.Gauge = gauge; break;
            case "NaN gauge": gauge.DataPoints.Add(Good(double.NaN)); bad.Gauge = gauge; break;
            case "negative counter": counter.DataPoints.Add(Good(-1)); bad.Sum = counter; break;
            case "unspecified temporality": counter.AggregationTemporality = Wire.AggregationTemporality.Unspecified; counter.DataPoints.Add(Good(1)); bad.Sum = counter; break;
            case "bucket count length": h.BucketCounts.RemoveAt(0); h.Count = 2; bad.Histogram = histogram; break;
            case "bounds not ascending": h.ExplicitBounds[1] = 1; bad.Histogram = histogram; break;
            case "NaN bound": h.ExplicitBounds[1] = double.NaN; bad.Histogram = histogram; break;
            case "count below buckets": h.ExplicitBounds.RemoveAt(1); h.BucketCounts.Clear(); h.BucketCounts.AddRange([2, 2]); bad.Histogram = histogram; break;
            case "min above max": h.Min = 5; h.Max = 1; bad.Histogram = histogram; break;
            case "NaN sum": h.Sum = double.NaN; bad.Histogram = histogram; break;
            case "too many bounds":
                h.ExplicitBounds.Clear();
                h.ExplicitBounds.AddRange(Enumerable.Range(0, 1_001).Select(i => (double)i));
                h.BucketCounts.Clear();
                h.BucketCounts.AddRange(new ulong[1_002]);
                bad.Histogram = histogram;
                break;
            case "scale 21": e.Scale = 21; bad.ExponentialHistogram = exponential; break;
            case "scale -11": e.Scale = -11; bad.ExponentialHistogram = exponential; break;
            case "negative zero threshold": e.Count = 6; e.ZeroThreshold = -0.5; bad.ExponentialHistogram = exponential; break;
            case "exponential count below buckets": e.Negative.BucketCounts.Add(1); bad.ExponentialHistogram = exponential; break;
            case "too many exponential buckets": e.Count = 6; e.Negative.BucketCounts.AddRange(new ulong[4_001]); bad.ExponentialHistogram = exponential; break;
            case "bucket index overflow": e.Count = 6; e.Positive.Offset = int.MaxValue; bad.ExponentialHistogram = exponential; break;
            case "count past int64": h.Count = (ulong)long.MaxValue + 1; bad.Histogram = histogram; break;
            case "quantile above 1": q.QuantileValues[1].Quantile = 1.5; bad.Summary = summary; break;
            case "negative quantile value": q.QuantileValues[0].Value = -2; bad.Summary = summary; break;
            case "too many quantiles":
                for (var i = 0; i < 99; i++) q.QuantileValues.Add(new Wire.SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 1 });
                bad.Summary = summary;
                break;
            case "short exemplar trace id": h.Exemplars.Add(new Wire.Exemplar { AsDouble = 1, TraceId = ByteString.CopyFrom(1, 2, 3, 4, 5) }); bad.Histogram = histogram; break;
            case "zero exemplar span id": h.Exemplars.Add(new Wire.Exemplar { AsDouble = 1, SpanId = ByteString.CopyFrom(new byte[8]) }); bad.Histogram = histogram; break;
            case "exemplar without value": h.Exemplars.Add(new Wire.Exemplar { TimeUnixNano = Time }); bad.Histogram = histogram; break;
            default: throw new ArgumentException(rule);
        }
        request.ResourceMetrics[0].ScopeMetrics[0].Metrics.Add(bad);
        return request;
    }
}
