using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Live;

/// <summary>Fans committed events out to live subscribers (DESIGN §2: after commit, never before).</summary>
public interface ILiveLogFeed
{
    /// <summary>Called by the writer with each committed group, in commit order. Never blocks.</summary>
    void Publish(IReadOnlyList<LogEvent> committed);

    /// <summary>Subscribes with a server-side filter; a subscriber that falls behind loses its own oldest events.</summary>
    ILiveSubscription Subscribe(LogQuery filter, int capacity = 1_000);
}
