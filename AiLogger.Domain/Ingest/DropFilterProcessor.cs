using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Ingest;

/// <summary>Drops every event that matches any configured query (e.g. <c>source:health level&lt;warning</c>).</summary>
public sealed class DropFilterProcessor(IReadOnlyList<LogQuery> filters) : IIngestProcessor
{
    public LogEvent? Process(LogEvent logEvent, IngestContext context)
    {
        foreach (var filter in filters)
            if (!filter.MatchesAll && filter.Matches(logEvent)) return null;
        return logEvent;
    }
}
