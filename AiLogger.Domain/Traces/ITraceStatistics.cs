using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Traces;

/// <summary>Figures over stored traces and their GenAI spans, for the overview and the LLM usage page.</summary>
public interface ITraceStatistics
{
    /// <summary>Traces and error traces started in the last hour, LLM tokens since midnight UTC.</summary>
    Task<TraceOverview> GetOverviewAsync(CancellationToken cancellationToken);

    /// <summary>GenAI calls over a bounded range, per model and day, per model, and the traces that used the most tokens.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or longer than <see cref="LlmUsageRequest.MaxRange"/>.</exception>
    /// <exception cref="QueryTooExpensiveException">A query ran past its time budget.</exception>
    Task<LlmUsageReport> GetLlmUsageAsync(LlmUsageRequest request, CancellationToken cancellationToken);
}
