using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Traces;

/// <summary>Reads traces (DESIGN §4 <c>/api/traces</c>); written only by the one writer.</summary>
public interface ITraceStore
{
    /// <summary>Traces with a span matching the query, newest first.</summary>
    /// <exception cref="QueryTooExpensiveException">The query ran past its time budget.</exception>
    Task<TracePage> SearchAsync(TraceSearchRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Per service, how many of the matching traces it took part in, most first: among the newest traces (without a
    /// query) or the traces of the newest matching spans (with one), <paramref name="sample"/> of them at most. The
    /// request's limit and cursor are ignored.
    /// </summary>
    /// <exception cref="QueryTooExpensiveException">The query ran past its time budget.</exception>
    Task<IReadOnlyList<ValueCount>> CountServicesAsync(TraceSearchRequest request, int sample, CancellationToken cancellationToken);

    /// <summary>Every span of a trace (capped) and the log events written with its id; null when neither exists.</summary>
    Task<TraceDetail?> GetAsync(string traceId, CancellationToken cancellationToken);
}

public sealed record TraceSearchRequest
{
    public TraceQuery Query { get; init; } = TraceQuery.All;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = 50;

    /// <summary>The <see cref="TracePage.Next"/> of the page before.</summary>
    public TraceCursor? Before { get; init; }
}

public sealed record TracePage(IReadOnlyList<TraceSummary> Traces, TraceCursor? Next);

/// <summary>Where a page of traces ended: the start and id of the last trace shown.</summary>
public sealed record TraceCursor(long StartUnixNano, string TraceId)
{
    public override string ToString() => $"{StartUnixNano}-{TraceId}";

    public static bool TryParse(string? text, out TraceCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        var dash = text.IndexOf('-');
        if (dash <= 0 || !long.TryParse(text.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start)) return false;
        var id = text[(dash + 1)..];
        if (!TraceIds.IsTraceId(id)) return false;
        cursor = new TraceCursor(start, id);
        return true;
    }
}

/// <summary>
/// One trace: its spans, or, for logs that carry trace and span ids without any span ("logs as execution trees"),
/// spans built from those logs (<see cref="FromLogs"/>), and the log events written with its id.
/// </summary>
public sealed record TraceDetail(string TraceId, IReadOnlyList<Span> Spans, IReadOnlyList<LogEvent> Logs, bool FromLogs, bool Truncated);
