using AiLogger.Infrastructure.Ingest.Otlp.Proto.Collector.Logs;

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
}
