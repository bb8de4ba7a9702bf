namespace AiLogger.Domain.Logs;

public interface ILogStatistics
{
    Task<LogOverview> GetOverviewAsync(CancellationToken cancellationToken);

    Task<ApiStatistics> GetApiStatisticsAsync(int hours, CancellationToken cancellationToken);
}
