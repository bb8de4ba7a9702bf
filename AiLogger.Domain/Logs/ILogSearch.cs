namespace AiLogger.Domain.Logs;

public interface ILogSearch
{
    /// <exception cref="Query.LogQuerySyntaxException">Never: the request carries a parsed query.</exception>
    Task<LogSearchPage> SearchAsync(LogSearchRequest request, CancellationToken cancellationToken);

    Task<LogEvent?> GetAsync(long id, CancellationToken cancellationToken);
}
