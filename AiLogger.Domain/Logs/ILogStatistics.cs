namespace AiLogger.Domain.Logs;

public interface ILogStatistics
{
    Task<LogOverview> GetOverviewAsync(CancellationToken cancellationToken);
}
