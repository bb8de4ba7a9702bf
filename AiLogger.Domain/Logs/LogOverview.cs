namespace AiLogger.Domain.Logs;

/// <summary>The figures on the overview page.</summary>
public sealed record LogOverview
{
    public required long EventsToday { get; init; }

    public required long ErrorsLastHour { get; init; }

    public required double EventsPerSecond { get; init; }

    public required long DatabaseBytes { get; init; }

    public required long TotalEvents { get; init; }

    /// <summary>Hourly counts per level over the last 24 hours, oldest first.</summary>
    public required IReadOnlyList<LevelCountBucket> LastDay { get; init; }
}
