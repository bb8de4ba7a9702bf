namespace AiLogger.Domain.Traces;

/// <summary>The trace figures on the overview page.</summary>
public sealed record TraceOverview
{
    /// <summary>Traces that started in the last 60 minutes.</summary>
    public required long TracesLastHour { get; init; }

    /// <summary>Of those, the traces with at least one failed span.</summary>
    public required long ErrorTracesLastHour { get; init; }

    /// <summary>Input + output tokens of GenAI spans that started since midnight UTC.</summary>
    public required long LlmTokensToday { get; init; }

    /// <summary>The last hour's traces per minute on average.</summary>
    public double TracesPerMinute => TracesLastHour / 60.0;
}
