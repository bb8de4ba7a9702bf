namespace AiLogger.Domain.Logs;

/// <summary>A read that ran past its time budget and was stopped, so one query cannot tie the server up.</summary>
public sealed class QueryTooExpensiveException(TimeSpan budget)
    : Exception($"The query was too expensive: it ran past its {budget.TotalSeconds:0.###}-second budget (AiLogger:Search:QueryTimeout). Narrow the time range or the terms.")
{
    public TimeSpan Budget { get; } = budget;
}
