namespace AiLogger.Domain.Logs;

public sealed record LevelCountBucket(DateTimeOffset Start, IReadOnlyDictionary<LogLevel, long> Counts)
{
    public long Total => Counts.Values.Sum();
}
