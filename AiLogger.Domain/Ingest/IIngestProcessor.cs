using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Ingest;

/// <summary>A step between parsing and the queue; returns the (possibly changed) event, or null to drop it.</summary>
public interface IIngestProcessor
{
    LogEvent? Process(LogEvent logEvent, IngestContext context);
}
