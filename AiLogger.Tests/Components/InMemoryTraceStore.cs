using AiLogger.Domain.Traces;

namespace AiLogger.Tests.Components;

/// <summary>A trace store for component tests (the real one is tested against SQLite): spans added by hand.</summary>
public sealed class InMemoryTraceStore : ITraceStore
{
    private readonly Dictionary<string, List<Span>> _traces = new(StringComparer.Ordinal);

    public void Add(params Span[] spans)
    {
        foreach (var span in spans)
        {
            if (!_traces.TryGetValue(span.TraceId, out var list)) _traces[span.TraceId] = list = [];
            list.Add(span);
        }
    }

    public Task<TracePage> SearchAsync(TraceSearchRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The component tests using this store do not list traces.");

    public Task<IReadOnlyList<AiLogger.Domain.Logs.ValueCount>> CountServicesAsync(TraceSearchRequest request, int sample, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The component tests using this store do not count services.");

    public Task<TraceDetail?> GetAsync(string traceId, CancellationToken cancellationToken) =>
        Task.FromResult(_traces.TryGetValue(traceId, out var spans) ? new TraceDetail(traceId, spans, [], FromLogs: false, Truncated: false) : null);
}
