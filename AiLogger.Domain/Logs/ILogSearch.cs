namespace AiLogger.Domain.Logs;

public interface ILogSearch
{
    /// <exception cref="Query.LogQuerySyntaxException">Never: the request carries a parsed query.</exception>
    Task<LogSearchPage> SearchAsync(LogSearchRequest request, CancellationToken cancellationToken);

    Task<LogEvent?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Events stored after <paramref name="afterId"/> (ingestion order, oldest first): what a live client missed while away.</summary>
    Task<IReadOnlyList<LogEvent>> AfterAsync(Query.LogQuery query, long afterId, int limit, CancellationToken cancellationToken);
}
