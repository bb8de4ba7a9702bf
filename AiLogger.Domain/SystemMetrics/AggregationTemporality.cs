using System.Text.Json.Serialization;

namespace AiLogger.Domain.SystemMetrics;

/// <summary>OTLP's <c>AggregationTemporality</c>, with its numbers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AggregationTemporality>))]
public enum AggregationTemporality
{
    [JsonStringEnumMemberName("unspecified")]
    Unspecified = 0,
    /// <summary>Each point holds what happened since the previous point.</summary>
    [JsonStringEnumMemberName("delta")]
    Delta = 1,
    /// <summary>Each point holds everything since <see cref="MetricPoint.StartUnixNano"/>.</summary>
    [JsonStringEnumMemberName("cumulative")]
    Cumulative = 2,
}
