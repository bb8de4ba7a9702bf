namespace AiLogger.Infrastructure.Logs;

/// <summary>Events per hour, source and level: what a week-long histogram reads instead of 10,000 minutes.</summary>
public sealed class HourlyLogRollup
{
    public long Hour { get; set; }

    public string Source { get; set; } = string.Empty;

    public int Level { get; set; }

    public long Count { get; set; }
}
