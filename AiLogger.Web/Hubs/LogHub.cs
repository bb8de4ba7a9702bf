using System.Runtime.CompilerServices;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AiLogger.Web.Hubs;

/// <summary>
/// <c>/hubs/logs</c>: <c>Tail(query)</c> streams every committed event matching the query, as it commits.
/// Scripts authenticate with a read key (<c>X-API-Key</c>, or <c>access_token</c> for WebSockets).
/// </summary>
[Authorize(Policy = Policies.ApiRead)]
public sealed class LogHub(ILiveLogFeed feed) : Hub
{
    public const string Path = "/hubs/logs";

    /// <summary>Events a slow client may fall behind by before it loses the oldest.</summary>
    public const int Capacity = 10_000;

    public IAsyncEnumerable<LogEvent> Tail(string query, CancellationToken cancellationToken)
    {
        LogQuery parsed;
        try
        {
            parsed = LogQuery.Parse(query);
        }
        catch (LogQuerySyntaxException error)
        {
            throw new HubException(error.Message);
        }
        return StreamAsync(parsed, cancellationToken);
    }

    private async IAsyncEnumerable<LogEvent> StreamAsync(LogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = feed.Subscribe(query, Capacity);
        await foreach (var e in subscription.Reader.ReadAllAsync(cancellationToken)) yield return e;
    }
}
