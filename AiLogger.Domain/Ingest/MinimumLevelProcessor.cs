using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Ingest;

/// <summary>Drops events below the sending key's minimum level.</summary>
public sealed class MinimumLevelProcessor : IIngestProcessor
{
    public LogEvent? Process(LogEvent logEvent, IngestContext context) =>
        context.MinimumLevel is { } minimum && logEvent.Level < minimum ? null : logEvent;
}
