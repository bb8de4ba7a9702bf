using System.Text.Json;
using System.Text.Json.Serialization;
using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// The JSON a stored point keeps beside its value (<c>metric_points.data</c>) and a rollup's row: written by the
/// writer, read back by the queries, the same text on both providers.
/// </summary>
internal static class MetricJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        IgnoreReadOnlyProperties = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>What a point adds to its series and value; null for a plain gauge or sum value.</summary>
    private sealed record StoredPoint
    {
        public AggregationTemporality? Temporality { get; init; }
        public long? Count { get; init; }
        public double? Sum { get; init; }
        public double? Min { get; init; }
        public double? Max { get; init; }
        public IReadOnlyList<double>? Bounds { get; init; }
        public IReadOnlyList<long>? Counts { get; init; }
        public ExponentialHistogram? Exponential { get; init; }
        public IReadOnlyList<SummaryQuantile>? Quantiles { get; init; }
        public IReadOnlyList<MetricExemplar>? Exemplars { get; init; }
        public bool? NoValue { get; init; }
    }

    public static string? PointData(MetricPoint point)
    {
        var data = new StoredPoint
        {
            Temporality = point.Temporality == AggregationTemporality.Unspecified ? null : point.Temporality,
            Count = point.Count,
            Sum = point.Sum,
            Min = point.Min,
            Max = point.Max,
            Bounds = point.ExplicitBounds,
            Counts = point.BucketCounts,
            Exponential = point.Exponential,
            Quantiles = point.Quantiles,
            Exemplars = point.Exemplars.Count == 0 ? null : point.Exemplars,
            NoValue = point.NoRecordedValue ? true : null,
        };
        var json = JsonSerializer.Serialize(data, Options);
        return json == "{}" ? null : json;
    }

    /// <summary>A stored point as a <see cref="MetricPoint"/> of <paramref name="series"/>.</summary>
    public static MetricPoint Point(MetricSeriesEntity series, long time, long start, double? value, string? json)
    {
        var data = json is null ? null : JsonSerializer.Deserialize<StoredPoint>(json, Options);
        return new MetricPoint
        {
            Name = series.Name,
            Unit = series.Unit,
            Type = (MetricType)series.Type,
            Monotonic = series.Monotonic,
            Service = series.Service.Length == 0 ? null : series.Service,
            Host = series.Host.Length == 0 ? null : series.Host,
            Scope = series.Scope.Length == 0 ? null : series.Scope,
            AttributesJson = series.Attributes,
            TimeUnixNano = time,
            StartUnixNano = start,
            Value = value,
            Temporality = data?.Temporality ?? AggregationTemporality.Unspecified,
            Count = data?.Count,
            Sum = data?.Sum,
            Min = data?.Min,
            Max = data?.Max,
            ExplicitBounds = data?.Bounds,
            BucketCounts = data?.Counts,
            Exponential = data?.Exponential,
            Quantiles = data?.Quantiles,
            Exemplars = data?.Exemplars ?? [],
            NoRecordedValue = data?.NoValue == true,
        };
    }

    public static string Rollup(MetricRollup rollup) => JsonSerializer.Serialize(rollup, Options);

    public static MetricRollup ReadRollup(string json) => JsonSerializer.Deserialize<MetricRollup>(json, Options)!;
}
