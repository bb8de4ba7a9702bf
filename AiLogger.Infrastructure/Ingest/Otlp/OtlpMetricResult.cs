using AiLogger.Domain.SystemMetrics;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// What <see cref="OtlpMetricReader"/> made of one export request: the points it accepted, how many it rejected and
/// why (OTLP's partial success: a bad point is refused on its own, the rest of the request is kept).
/// </summary>
public sealed record OtlpMetricResult
{
    public required IReadOnlyList<MetricPoint> Points { get; init; }

    /// <summary>Data points not accepted: invalid, or past the request's point limit.</summary>
    public long RejectedPoints { get; init; }

    /// <summary>Why points were rejected, or what was left out (exemplars past the limit); null when there is nothing to say.</summary>
    public string? Message { get; init; }
}
