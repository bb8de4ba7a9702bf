using System.Globalization;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Wire = AiLogger.Infrastructure.Ingest.Otlp.Proto.Metrics;
using Temporality = AiLogger.Domain.SystemMetrics.AggregationTemporality;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// OTLP metrics into <see cref="MetricPoint"/>s, every data type. Unlike spans, a bad data point does not fail the
/// request: it is rejected on its own, counted and named in the partial-success message (OTLP's rule for metrics),
/// and the rest is kept. Each point is bounded: buckets, quantiles and exemplars per point, points per request.
/// </summary>
public sealed class OtlpMetricReader
{
    public const int DefaultMaxPointsPerRequest = 50_000;
    public const int MaxExplicitBounds = 1_000;
    /// <summary>Per side (positive, negative); the SDKs' default is 160.</summary>
    public const int MaxExponentialBuckets = 4_000;
    public const int MaxQuantiles = 100;
    public const int MaxExemplarsPerPoint = 100;
    public const int MinScale = -10;
    public const int MaxScale = 20;
    /// <summary>Reasons spelt out in the message; further ones are counted.</summary>
    public const int MaxReasons = 5;

    private const uint NoRecordedValueMask = (uint)Wire.DataPointFlags.NoRecordedValueMask;

    public OtlpMetricReader() : this(DefaultMaxPointsPerRequest)
    {
    }

    public OtlpMetricReader(int maxPointsPerRequest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPointsPerRequest, 1);
        MaxPointsPerRequest = maxPointsPerRequest;
    }

    /// <summary>Points past this many in one request are rejected unread (the body limit bounds it too; this bounds memory per point).</summary>
    public int MaxPointsPerRequest { get; }

    public OtlpMetricResult Read(ExportMetricsServiceRequest request)
    {
        using var reading = new Reading(MaxPointsPerRequest);
        for (var r = 0; r < request.ResourceMetrics.Count; r++)
        {
            var resourceMetrics = request.ResourceMetrics[r];
            var resource = resourceMetrics.Resource?.Attributes;
            var template = new MetricPoint
            {
                Name = "",
                Service = ResourceString(resource, "service.name"),
                Host = ResourceString(resource, "host.name"),
                ResourceJson = reading.Attributes.ToOrderedJson(resource),
            };
            for (var s = 0; s < resourceMetrics.ScopeMetrics.Count; s++)
            {
                var scopeMetrics = resourceMetrics.ScopeMetrics[s];
                var scoped = template with { Scope = scopeMetrics.Scope?.Name is { Length: > 0 } scope ? OtlpAttributes.Cut(scope, OtlpTraceReader.MaxNameChars) : null };
                for (var m = 0; m < scopeMetrics.Metrics.Count; m++)
                    reading.Metric(scopeMetrics.Metrics[m], scoped, new Where(r, s, m, scopeMetrics.Metrics[m].Name));
            }
        }
        return reading.Result();
    }

    private static string? ResourceString(RepeatedField<KeyValue>? resource, string key) =>
        resource is not null && OtlpAttributes.GetString(resource, key) is { Length: > 0 } value ? OtlpAttributes.Cut(value, OtlpTraceReader.MaxNameChars) : null;

    /// <summary>Where a metric sits in the request, named (with its name) only when something is wrong with it.</summary>
    private readonly record struct Where(int Resource, int Scope, int Metric, string Name)
    {
        public string Point(string data, int index) => $"{this}.{data}.dataPoints[{index}]";

        public override string ToString() =>
            $"resourceMetrics[{Resource}].scopeMetrics[{Scope}].metrics[{Metric}]" + (Name.Length == 0 ? "" : $" ('{OtlpAttributes.Cut(Name, 100)}')");
    }

    /// <summary>The state of one <see cref="Read"/>: the points so far, the rejections and their reasons.</summary>
    private sealed class Reading(int maxPoints) : IDisposable
    {
        private readonly List<MetricPoint> _points = [];
        private readonly List<string> _reasons = [];
        private int _unsaidReasons;
        private long _seen;
        private long _rejected;
        private long _pastLimit;
        private long _droppedExemplars;

        public OtlpAttributes Attributes { get; } = new();

        public void Metric(Wire.Metric metric, MetricPoint scoped, Where where)
        {
            var (data, count) = metric.DataCase switch
            {
                Wire.Metric.DataOneofCase.Gauge => ("gauge", metric.Gauge.DataPoints.Count),
                Wire.Metric.DataOneofCase.Sum => ("sum", metric.Sum.DataPoints.Count),
                Wire.Metric.DataOneofCase.Histogram => ("histogram", metric.Histogram.DataPoints.Count),
                Wire.Metric.DataOneofCase.ExponentialHistogram => ("exponentialHistogram", metric.ExponentialHistogram.DataPoints.Count),
                Wire.Metric.DataOneofCase.Summary => ("summary", metric.Summary.DataPoints.Count),
                _ => ("", 0),
            };
            if (data.Length == 0)
            {
                // Nothing we can count the points of (no data, or a type this version does not know): one item refused.
                if (Admit()) Reject(where.ToString(), "has no data: none of gauge, sum, histogram, exponentialHistogram or summary");
                return;
            }
            if (count == 0)
            {
                // Nothing is lost, so nothing is counted; the sender still hears of it.
                Say($"{where}: its {data} has no data points");
                return;
            }
            if (metric.Name.Length == 0)
            {
                RejectAll(count, where.ToString(), $"has no name; every metric needs one ({count} data point(s) refused)");
                return;
            }

            var template = scoped with
            {
                Name = OtlpAttributes.Cut(metric.Name, OtlpTraceReader.MaxNameChars),
                Unit = metric.Unit.Length == 0 ? null : OtlpAttributes.Cut(metric.Unit, OtlpTraceReader.MaxNameChars),
                Description = metric.Description.Length == 0 ? null : OtlpAttributes.Cut(metric.Description, OtlpAttributes.MaxValueBytes),
            };
            switch (metric.DataCase)
            {
                case Wire.Metric.DataOneofCase.Gauge:
                    Points(metric.Gauge.DataPoints, where, data, template with { Type = MetricType.Gauge }, (p, t) => Number(p, t, monotonic: false));
                    break;
                case Wire.Metric.DataOneofCase.Sum:
                    if (TemporalityProblem(metric.Sum.AggregationTemporality, data) is { } sumProblem)
                    {
                        RejectAll(count, where.ToString(), sumProblem);
                        break;
                    }
                    var sum = template with { Type = MetricType.Sum, Temporality = (Temporality)(int)metric.Sum.AggregationTemporality, Monotonic = metric.Sum.IsMonotonic };
                    Points(metric.Sum.DataPoints, where, data, sum, (p, t) => Number(p, t, metric.Sum.IsMonotonic));
                    break;
                case Wire.Metric.DataOneofCase.Histogram:
                    if (TemporalityProblem(metric.Histogram.AggregationTemporality, data) is { } histogramProblem)
                    {
                        RejectAll(count, where.ToString(), histogramProblem);
                        break;
                    }
                    var histogram = template with { Type = MetricType.Histogram, Temporality = (Temporality)(int)metric.Histogram.AggregationTemporality };
                    Points(metric.Histogram.DataPoints, where, data, histogram, Histogram);
                    break;
                case Wire.Metric.DataOneofCase.ExponentialHistogram:
                    if (TemporalityProblem(metric.ExponentialHistogram.AggregationTemporality, data) is { } exponentialProblem)
                    {
                        RejectAll(count, where.ToString(), exponentialProblem);
                        break;
                    }
                    var exponential = template with { Type = MetricType.ExponentialHistogram, Temporality = (Temporality)(int)metric.ExponentialHistogram.AggregationTemporality };
                    Points(metric.ExponentialHistogram.DataPoints, where, data, exponential, Exponential);
                    break;
                case Wire.Metric.DataOneofCase.Summary:
                    Points(metric.Summary.DataPoints, where, data, template with { Type = MetricType.Summary }, Summary);
                    break;
            }
        }

        public OtlpMetricResult Result()
        {
            var parts = new List<string>(3);
            if (_rejected > 0) parts.Add($"{_rejected.ToString("N0", CultureInfo.InvariantCulture)} data point(s) rejected.");
            if (_pastLimit > 0)
                parts.Add($"{_pastLimit.ToString("N0", CultureInfo.InvariantCulture)} of them came past the first {maxPoints.ToString("N0", CultureInfo.InvariantCulture)} of the request, "
                    + "which is as many as one request may carry: send smaller batches.");
            if (_reasons.Count > 0) parts.Add(string.Join("; ", _reasons) + (_unsaidReasons > 0 ? $"; and {_unsaidReasons} more." : "."));
            if (_droppedExemplars > 0)
                parts.Add($"{_droppedExemplars.ToString("N0", CultureInfo.InvariantCulture)} exemplar(s) past the first {MaxExemplarsPerPoint} of a point were dropped; the points were kept.");
            return new OtlpMetricResult { Points = _points, RejectedPoints = _rejected, Message = parts.Count == 0 ? null : string.Join(" ", parts) };
        }

        public void Dispose() => Attributes.Dispose();

        /// <summary>Counts a point against the request's limit; false (and rejected) once past it.</summary>
        private bool Admit()
        {
            if (++_seen <= maxPoints) return true;
            _rejected++;
            _pastLimit++;
            return false;
        }

        private void Reject(string where, string reason)
        {
            _rejected++;
            Say($"{where}: {reason}");
        }

        private void RejectAll(int count, string where, string reason)
        {
            var admitted = 0;
            for (var i = 0; i < count; i++)
                if (Admit()) admitted++;
            if (admitted == 0) return;
            _rejected += admitted;
            Say($"{where}: {reason}");
        }

        private void Say(string reason)
        {
            if (_reasons.Count < MaxReasons) _reasons.Add(reason);
            else _unsaidReasons++;
        }

        private void Points<T>(RepeatedField<T> points, Where where, string data, MetricPoint template, Func<T, MetricPoint, (MetricPoint? Point, string? Problem)> read)
        {
            for (var i = 0; i < points.Count; i++)
            {
                if (!Admit()) continue;
                var (point, problem) = read(points[i], template);
                if (point is not null) _points.Add(point);
                else Reject(where.Point(data, i), problem!);
            }
        }

        private static string? TemporalityProblem(Wire.AggregationTemporality temporality, string data) =>
            temporality is Wire.AggregationTemporality.Delta or Wire.AggregationTemporality.Cumulative
                ? null
                : $"the {data}'s aggregationTemporality is {(int)temporality}; it must be 1 (delta) or 2 (cumulative)";

        private (MetricPoint?, string?) Number(Wire.NumberDataPoint p, MetricPoint template, bool monotonic)
        {
            if (p.TimeUnixNano == 0) return NoTime;
            var point = template with
            {
                StartUnixNano = OtlpTraceReader.Nanos(p.StartTimeUnixNano),
                TimeUnixNano = OtlpTraceReader.Nanos(p.TimeUnixNano),
                AttributesJson = Attributes.ToOrderedJson(p.Attributes),
            };
            if ((p.Flags & NoRecordedValueMask) != 0) return (point with { NoRecordedValue = true }, null);
            double value;
            switch (p.ValueCase)
            {
                case Wire.NumberDataPoint.ValueOneofCase.AsDouble: value = p.AsDouble; break;
                case Wire.NumberDataPoint.ValueOneofCase.AsInt: value = p.AsInt; break;
                default: return (null, "has neither asDouble nor asInt (and is not flagged as having no recorded value)");
            }
            if (NotFinite("value", value) is { } problem) return (null, problem);
            if (monotonic && value < 0) return (null, $"value is {Text(value)}; a monotonic sum cannot be negative");
            var (exemplars, exemplarProblem) = Exemplars(p.Exemplars);
            return exemplarProblem is not null ? (null, exemplarProblem) : (point with { Value = value, Exemplars = exemplars }, null);
        }

        private (MetricPoint?, string?) Histogram(Wire.HistogramDataPoint p, MetricPoint template)
        {
            if (p.TimeUnixNano == 0) return NoTime;
            var point = template with
            {
                StartUnixNano = OtlpTraceReader.Nanos(p.StartTimeUnixNano),
                TimeUnixNano = OtlpTraceReader.Nanos(p.TimeUnixNano),
                AttributesJson = Attributes.ToOrderedJson(p.Attributes),
            };
            if ((p.Flags & NoRecordedValueMask) != 0) return (point with { NoRecordedValue = true }, null);
            if (CountProblem(p.Count) is { } countProblem) return (null, countProblem);
            var bounds = p.ExplicitBounds;
            if (bounds.Count > MaxExplicitBounds)
                return (null, $"has {Text(bounds.Count)} explicitBounds; at most {Text(MaxExplicitBounds)} are accepted");
            for (var i = 0; i < bounds.Count; i++)
            {
                if (!double.IsFinite(bounds[i])) return (null, $"explicitBounds[{i}] is {Text(bounds[i])}; bounds are finite numbers");
                if (i > 0 && bounds[i] <= bounds[i - 1])
                    return (null, $"explicitBounds are not strictly ascending: [{i - 1}] is {Text(bounds[i - 1])}, [{i}] is {Text(bounds[i])}");
            }
            var counts = p.BucketCounts;
            if (counts.Count != 0 && counts.Count != bounds.Count + 1)
                return (null, $"has {Text(counts.Count)} bucketCounts; with {Text(bounds.Count)} explicitBounds it needs {Text(bounds.Count + 1)} (or none)");
            UInt128 inBuckets = 0;
            foreach (var c in counts) inBuckets += c;
            if (inBuckets > p.Count) return (null, $"count is {p.Count}, less than the {inBuckets} its bucketCounts add up to");
            if (StatisticsProblem(p.HasSum, p.Sum, p.HasMin, p.Min, p.HasMax, p.Max) is { } statisticsProblem) return (null, statisticsProblem);
            var (exemplars, exemplarProblem) = Exemplars(p.Exemplars);
            if (exemplarProblem is not null) return (null, exemplarProblem);
            return (point with
            {
                Count = (long)p.Count,
                Sum = p.HasSum ? p.Sum : null,
                Min = p.HasMin ? p.Min : null,
                Max = p.HasMax ? p.Max : null,
                ExplicitBounds = counts.Count == 0 ? null : bounds.ToArray(),
                BucketCounts = counts.Count == 0 ? null : ToLongs(counts),
                Exemplars = exemplars,
            }, null);
        }

        private (MetricPoint?, string?) Exponential(Wire.ExponentialHistogramDataPoint p, MetricPoint template)
        {
            if (p.TimeUnixNano == 0) return NoTime;
            var point = template with
            {
                StartUnixNano = OtlpTraceReader.Nanos(p.StartTimeUnixNano),
                TimeUnixNano = OtlpTraceReader.Nanos(p.TimeUnixNano),
                AttributesJson = Attributes.ToOrderedJson(p.Attributes),
            };
            if ((p.Flags & NoRecordedValueMask) != 0) return (point with { NoRecordedValue = true }, null);
            if (CountProblem(p.Count) is { } countProblem) return (null, countProblem);
            if (p.Scale is < MinScale or > MaxScale) return (null, $"scale is {p.Scale}; OTLP allows {MinScale} to {MaxScale}");
            if (!double.IsFinite(p.ZeroThreshold) || p.ZeroThreshold < 0)
                return (null, $"zeroThreshold is {Text(p.ZeroThreshold)}; it must be a finite number, 0 or more");
            if ((BucketsProblem(p.Positive, "positive") ?? BucketsProblem(p.Negative, "negative")) is { } bucketsProblem) return (null, bucketsProblem);
            UInt128 inBuckets = p.ZeroCount;
            if (p.Positive is not null) foreach (var c in p.Positive.BucketCounts) inBuckets += c;
            if (p.Negative is not null) foreach (var c in p.Negative.BucketCounts) inBuckets += c;
            if (inBuckets > p.Count) return (null, $"count is {p.Count}, less than the {inBuckets} its zeroCount and buckets add up to");
            if (StatisticsProblem(p.HasSum, p.Sum, p.HasMin, p.Min, p.HasMax, p.Max) is { } statisticsProblem) return (null, statisticsProblem);
            var (exemplars, exemplarProblem) = Exemplars(p.Exemplars);
            if (exemplarProblem is not null) return (null, exemplarProblem);
            return (point with
            {
                Count = (long)p.Count,
                Sum = p.HasSum ? p.Sum : null,
                Min = p.HasMin ? p.Min : null,
                Max = p.HasMax ? p.Max : null,
                Exponential = new ExponentialHistogram
                {
                    Scale = p.Scale,
                    // Within the count, so it fits a long.
                    ZeroCount = (long)p.ZeroCount,
                    ZeroThreshold = p.ZeroThreshold,
                    Positive = Buckets(p.Positive),
                    Negative = Buckets(p.Negative),
                },
                Exemplars = exemplars,
            }, null);
        }

        private (MetricPoint?, string?) Summary(Wire.SummaryDataPoint p, MetricPoint template)
        {
            if (p.TimeUnixNano == 0) return NoTime;
            var point = template with
            {
                StartUnixNano = OtlpTraceReader.Nanos(p.StartTimeUnixNano),
                TimeUnixNano = OtlpTraceReader.Nanos(p.TimeUnixNano),
                AttributesJson = Attributes.ToOrderedJson(p.Attributes),
            };
            if ((p.Flags & NoRecordedValueMask) != 0) return (point with { NoRecordedValue = true }, null);
            if (CountProblem(p.Count) is { } countProblem) return (null, countProblem);
            if (NotFinite("sum", p.Sum) is { } sumProblem) return (null, sumProblem);
            if (p.QuantileValues.Count > MaxQuantiles)
                return (null, $"has {Text(p.QuantileValues.Count)} quantileValues; at most {MaxQuantiles} are accepted");
            var quantiles = new SummaryQuantile[p.QuantileValues.Count];
            for (var i = 0; i < quantiles.Length; i++)
            {
                var q = p.QuantileValues[i];
                if (!(q.Quantile is >= 0 and <= 1)) return (null, $"quantileValues[{i}].quantile is {Text(q.Quantile)}; quantiles are between 0 and 1");
                if (!double.IsFinite(q.Value) || q.Value < 0)
                    return (null, $"quantileValues[{i}].value is {Text(q.Value)}; OTLP summary values are finite and never negative");
                quantiles[i] = new SummaryQuantile(q.Quantile, q.Value);
            }
            return (point with { Count = (long)p.Count, Sum = p.Sum, Quantiles = quantiles }, null);
        }

        private (IReadOnlyList<MetricExemplar>, string?) Exemplars(RepeatedField<Wire.Exemplar> exemplars)
        {
            if (exemplars.Count == 0) return ([], null);
            var kept = Math.Min(exemplars.Count, MaxExemplarsPerPoint);
            var result = new MetricExemplar[kept];
            for (var i = 0; i < kept; i++)
            {
                var e = exemplars[i];
                double value;
                switch (e.ValueCase)
                {
                    case Wire.Exemplar.ValueOneofCase.AsDouble: value = e.AsDouble; break;
                    case Wire.Exemplar.ValueOneofCase.AsInt: value = e.AsInt; break;
                    default: return ([], $"exemplars[{i}] has neither asDouble nor asInt");
                }
                if (NotFinite($"exemplars[{i}] value", value) is { } valueProblem) return ([], valueProblem);
                if ((IdProblem(e.TraceId, 16, $"exemplars[{i}].traceId") ?? IdProblem(e.SpanId, 8, $"exemplars[{i}].spanId")) is { } idProblem) return ([], idProblem);
                result[i] = new MetricExemplar
                {
                    TimeUnixNano = OtlpTraceReader.Nanos(e.TimeUnixNano),
                    Value = value,
                    TraceId = e.TraceId.Length == 0 ? null : Convert.ToHexStringLower(e.TraceId.Span),
                    SpanId = e.SpanId.Length == 0 ? null : Convert.ToHexStringLower(e.SpanId.Span),
                    AttributesJson = Attributes.ToOrderedJson(e.FilteredAttributes),
                };
            }
            // Only counted once the point is known good: a rejected point's exemplars are not "dropped" as well.
            _droppedExemplars += exemplars.Count - kept;
            return (result, null);
        }

        private static readonly (MetricPoint?, string?) NoTime = (null, "timeUnixNano is 0; every data point needs the time it was taken");

        private static string? IdProblem(ByteString id, int bytes, string field)
        {
            if (id.Length == 0) return null;
            if (id.Length != bytes) return $"{field} is {id.Length} bytes; OTLP {(bytes == 16 ? "trace" : "span")} ids are {bytes} bytes ({bytes * 2} hex characters)";
            return id.Span.IndexOfAnyExcept((byte)0) < 0 ? $"{field} is all zeros, which OTLP defines as invalid" : null;
        }

        private static string? CountProblem(ulong count) =>
            count > long.MaxValue ? $"count is {count}; counts above {long.MaxValue} are not accepted" : null;

        private static string? StatisticsProblem(bool hasSum, double sum, bool hasMin, double min, bool hasMax, double max)
        {
            if (hasSum && NotFinite("sum", sum) is { } sumProblem) return sumProblem;
            if (hasMin && NotFinite("min", min) is { } minProblem) return minProblem;
            if (hasMax && NotFinite("max", max) is { } maxProblem) return maxProblem;
            return hasMin && hasMax && min > max ? $"min ({Text(min)}) is greater than max ({Text(max)})" : null;
        }

        private static string? BucketsProblem(Wire.ExponentialHistogramDataPoint.Types.Buckets? buckets, string side)
        {
            if (buckets is null) return null;
            var n = buckets.BucketCounts.Count;
            if (n > MaxExponentialBuckets) return $"{side} has {Text(n)} bucketCounts; at most {Text(MaxExponentialBuckets)} per side are accepted";
            // Bucket indexes are int32: offset + n - 1 must be one.
            return n > 0 && (long)buckets.Offset + n - 1 > int.MaxValue
                ? $"{side}.offset is {buckets.Offset}; with {n} buckets the last index is past {int.MaxValue}"
                : null;
        }

        private static ExponentialBuckets Buckets(Wire.ExponentialHistogramDataPoint.Types.Buckets? buckets) =>
            buckets is null || buckets.BucketCounts.Count == 0 ? ExponentialBuckets.Empty : new ExponentialBuckets(buckets.Offset, ToLongs(buckets.BucketCounts));

        /// <summary>Bucket counts already checked to sum within a long count.</summary>
        private static long[] ToLongs(RepeatedField<ulong> counts)
        {
            var result = new long[counts.Count];
            for (var i = 0; i < result.Length; i++) result[i] = (long)counts[i];
            return result;
        }

        private static string? NotFinite(string field, double value) =>
            double.IsFinite(value) ? null : $"{field} is {Text(value)}; AI-Logger accepts finite numbers only";

        private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Text(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
