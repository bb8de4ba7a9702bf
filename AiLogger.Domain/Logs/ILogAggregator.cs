namespace AiLogger.Domain.Logs;

public interface ILogAggregator
{
    Task<LogAggregate> AggregateAsync(LogAggregateRequest request, CancellationToken cancellationToken);
}
