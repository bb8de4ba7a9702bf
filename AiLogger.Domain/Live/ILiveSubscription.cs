using System.Threading.Channels;
using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Live;

public interface ILiveSubscription : IDisposable
{
    ChannelReader<LogEvent> Reader { get; }

    /// <summary>Events this subscriber lost because it fell behind.</summary>
    long Missed { get; }
}
