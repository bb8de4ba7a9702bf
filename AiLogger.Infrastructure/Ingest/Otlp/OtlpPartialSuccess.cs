using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Logs;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Metrics;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>The partial-success answers, the same over HTTP and gRPC.</summary>
public static class OtlpPartialSuccess
{
    /// <summary>Log records the key's minimum level or a drop filter left out (they are not stored, so not accepted).</summary>
    public static ExportLogsPartialSuccess Logs(int dropped) => new()
    {
        RejectedLogRecords = dropped,
        ErrorMessage = $"{dropped} log record(s) were not stored: below the API key's minimum level or matched by a drop filter (AiLogger:Ingest:DropFilters).",
    };

    /// <summary>
    /// The reader's verdict on a metrics request, or null when every point was accepted without remark. A message with
    /// no rejected points is OTLP's way of passing on a warning (exemplars past the limit were dropped).
    /// </summary>
    public static ExportMetricsPartialSuccess? Metrics(OtlpMetricResult read) =>
        read.RejectedPoints == 0 && read.Message is null
            ? null
            : new ExportMetricsPartialSuccess { RejectedDataPoints = read.RejectedPoints, ErrorMessage = read.Message ?? "" };
}
