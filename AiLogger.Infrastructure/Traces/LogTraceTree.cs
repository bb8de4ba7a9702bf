using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;

namespace AiLogger.Infrastructure.Traces;

/// <summary>
/// "Logs as execution trees": for a trace known only from log events that carry trace and span ids, one span per
/// distinct span id, named by its first event, timed by its first and last event, its parent from the events'
/// parent span id; failed when one of its events is an error.
/// </summary>
public static class LogTraceTree
{
    public static IReadOnlyList<Span> Build(string traceId, IReadOnlyList<LogEvent> logs)
    {
        var spans = new List<Span>();
        foreach (var group in logs.Where(e => !string.IsNullOrEmpty(e.SpanId)).GroupBy(e => e.SpanId!, StringComparer.Ordinal))
        {
            var events = group.OrderBy(e => e.Timestamp).ThenBy(e => e.Id).ToList();
            var first = events[0];
            spans.Add(new Span
            {
                Id = first.Id,
                TraceId = traceId,
                SpanId = group.Key,
                ParentSpanId = events.Select(e => e.ParentSpanId).FirstOrDefault(p => !string.IsNullOrEmpty(p)),
                Name = first.Message.Length > 200 ? first.Message[..200] + "…" : first.Message,
                Kind = SpanKind.Internal,
                Service = first.Source,
                StartUnixNano = SpanTime.ToUnixNano(first.Timestamp),
                EndUnixNano = SpanTime.ToUnixNano(events[^1].Timestamp),
                Status = events.Any(e => e.Level >= LogLevel.Error) ? SpanStatus.Error : SpanStatus.Unset,
            });
        }
        // A parent id no event defined is kept: the tree shows such spans at the top.
        return spans.OrderBy(s => s.StartUnixNano).ToList();
    }
}
