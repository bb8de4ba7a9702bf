namespace AiLogger.Infrastructure.Logs;

/// <summary>Events per minute, source and level, maintained by the writer in the commit that stores the events.</summary>
public sealed class LogRollup
{
    /// <summary>Start of the minute, UTC ticks.</summary>
    public long Minute { get; set; }

    /// <summary>The events' source, or empty.</summary>
    public string Source { get; set; } = string.Empty;

    public int Level { get; set; }

    public long Count { get; set; }
}
