using System.Text.Json.Serialization;

namespace AiLogger.Domain.SystemMetrics;

/// <summary>The OTLP metric data types (the <c>data</c> oneof of <c>Metric</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricType>))]
public enum MetricType
{
    [JsonStringEnumMemberName("gauge")]
    Gauge = 1,
    [JsonStringEnumMemberName("sum")]
    Sum = 2,
    [JsonStringEnumMemberName("histogram")]
    Histogram = 3,
    [JsonStringEnumMemberName("exponentialHistogram")]
    ExponentialHistogram = 4,
    /// <summary>Stored as its quantiles, count and sum.</summary>
    [JsonStringEnumMemberName("summary")]
    Summary = 5,
}
