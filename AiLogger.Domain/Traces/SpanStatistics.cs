namespace AiLogger.Domain.Traces;

/// <summary>One row of a trace's statistics: the spans of one service and name.</summary>
public sealed record SpanStatistics(string? Service, string Name, int Count, int Errors, double TotalMs, double AverageMs, double MaxMs, double SelfTimeMs)
{
    /// <summary>Per service and span name, the largest total self time first (where the trace spent its own time).</summary>
    public static IReadOnlyList<SpanStatistics> Of(TraceTree tree) => tree.Nodes
        .GroupBy(n => (n.Span.Service, n.Span.Name))
        .Select(g => new SpanStatistics(
            g.Key.Service, g.Key.Name, g.Count(), g.Count(n => n.Span.Status == SpanStatus.Error),
            g.Sum(n => n.Span.DurationMs), g.Average(n => n.Span.DurationMs), g.Max(n => n.Span.DurationMs), g.Sum(n => n.SelfTimeMs)))
        .OrderByDescending(s => s.SelfTimeMs)
        .ThenBy(s => s.Service, StringComparer.Ordinal)
        .ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToList();
}
