using AiLogger.Domain.Alerts;
using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;

namespace AiLogger.Infrastructure.Live;

/// <summary>Without Redis: nothing to pass on, and nothing from other nodes to wait for.</summary>
internal sealed class SingleNodeLive : ILiveRelay, ILiveFanOutStatus
{
    public void Events(IReadOnlyList<LogEvent> committed)
    {
    }

    public void Spans(IReadOnlyList<Span> committed)
    {
    }

    public void Alert(AlertNotification notification)
    {
    }

    public bool Paused => false;

    public string? Reason => null;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
