using AiLogger.Domain.Traces;

namespace AiLogger.Tests.Components;

/// <summary>Trace figures for component tests (the real ones are tested against SQLite): whatever the test sets, and the last request.</summary>
public sealed class InMemoryTraceStatistics : ITraceStatistics
{
    public TraceOverview Overview { get; set; } = new() { TracesLastHour = 0, ErrorTracesLastHour = 0, LlmTokensToday = 0 };

    public Func<LlmUsageRequest, LlmUsageReport>? Usage { get; set; }

    public LlmUsageRequest? LastRequest { get; private set; }

    public Task<TraceOverview> GetOverviewAsync(CancellationToken cancellationToken) => Task.FromResult(Overview);

    public Task<LlmUsageReport> GetLlmUsageAsync(LlmUsageRequest request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return Task.FromResult(Usage?.Invoke(request) ?? new LlmUsageReport { From = request.From, To = request.To, Daily = [], Models = [], TopTraces = [] });
    }
}
