namespace AiLogger.Domain.Traces;

/// <summary>Committed spans, in commit order, for live views (the spans' own feed beside the log events').</summary>
public interface ITraceFeed
{
    /// <summary>Calls <paramref name="committed"/> on the writer's thread after each commit with spans: keep it quick.</summary>
    IDisposable Subscribe(Action<IReadOnlyList<Span>> committed);
}
