using AiLogger.Domain.Alerts;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;

namespace AiLogger.Infrastructure.Live;

/// <summary>Passes this node's committed items on to the other nodes. Called on the writer's thread: never blocks, never throws.</summary>
internal interface ILiveRelay
{
    void Events(IReadOnlyList<LogEvent> committed);

    void Spans(IReadOnlyList<Span> committed);

    void Alert(AlertNotification notification);
}
