namespace AiLogger.Domain.Logs;

/// <summary>Newest first; <paramref name="Next"/> continues after the last event, null on the last page.</summary>
public sealed record LogSearchPage(IReadOnlyList<LogEvent> Events, LogCursor? Next);
